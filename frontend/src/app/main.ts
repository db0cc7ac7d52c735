import 'element-plus/dist/index.css'
import './styles.css'
import { createPinia } from 'pinia'
import { createApp } from 'vue'
import { configureHttp, ensureCsrfToken } from '@/api/http'
import '@/modules/activities/panels'
import '@/modules/activities/taskPanels'
import App from './App.vue'
import { installGuards } from './guards'
import { currentLocale, i18n } from './i18n'
import { createAppRouter } from './router'
import { useSessionStore } from './stores/session'

const app = createApp(App)
const pinia = createPinia()
const router = createAppRouter()

configureHttp({
  language: () => currentLocale.value,
  onUnauthorized: () => {
    const session = useSessionStore(pinia)
    if (!session.isSignedIn) return
    // The session ended under us (expired, signed out elsewhere): sign in again and come back.
    session.forget()
    const here = router.currentRoute.value
    if (here.name !== 'login') void router.replace({ name: 'login', query: { next: here.fullPath } })
  },
})
void ensureCsrfToken()

installGuards(router, pinia)
app.use(pinia).use(i18n).use(router)
app.mount('#app')
