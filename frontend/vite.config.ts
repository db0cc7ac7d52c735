/// <reference types="vitest/config" />
import { fileURLToPath, URL } from 'node:url'
import vue from '@vitejs/plugin-vue'
import { defineConfig } from 'vite'

// `npm run dev` proxies API calls to Django; override with CHENGDAN_BACKEND_URL when it runs elsewhere.
const backend = process.env.CHENGDAN_BACKEND_URL ?? 'http://127.0.0.1:8000'

export default defineConfig(({ command }) => ({
  // Django serves the built assets under /static/app/ and index.html for every SPA path; the dev
  // server serves the app at / itself, like Django does in production.
  base: command === 'build' ? '/static/app/' : '/',
  plugins: [vue()],
  define: {
    // vue-i18n feature flags: Composition API only, no devtools hooks in production.
    __VUE_I18N_FULL_INSTALL__: true,
    __VUE_I18N_LEGACY_API__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    alias: { '@': fileURLToPath(new URL('./src', import.meta.url)) },
  },
  server: {
    proxy: {
      '/api': { target: backend, changeOrigin: false },
      '/admin': { target: backend, changeOrigin: false },
      '/static': { target: backend, changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // The framework every page needs, cached across deploys that only touch app code.
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router|vue-i18n|@intlify|pinia)[\\/]/, priority: 2 },
            // Charts are heavy and only some pages draw them.
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender|vue-echarts)[\\/]/, priority: 1 },
          ],
          // Element Plus is imported per component, so each lazy page pulls only the widgets it uses.
        },
      },
    },
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/__tests__/**/*.spec.ts'],
    environmentOptions: { happyDOM: { url: 'http://localhost/' } },
    restoreMocks: true,
    // Page specs mount whole Element Plus pages; a 2-core CI machine running both database passes at once
    // took 23 s for the heaviest one, so the limit catches hangs, not slow machines.
    testTimeout: 60000,
  },
}))
