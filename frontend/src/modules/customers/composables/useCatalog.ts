import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import { currentLocale } from '@/app/i18n'
import { listCustomFields, listOptions, listTags, type CustomField, type Option, type OptionKind, type Tag } from '../api'

/** An option's or a custom field's label in the UI language (English falls back to Chinese). */
export function localLabel(item: { label: string; label_en?: string }, locale: string): string {
  return locale === 'en' && item.label_en ? item.label_en : item.label
}

/**
 * The customer settings every customers page reads (option lists, tags, custom fields), loaded once
 * and shared; the settings page calls `reload()` after a change. A viewer without the settings right
 * gets empty lists and sees raw codes.
 */
export const useCatalogStore = defineStore('customers-catalog', () => {
  const options = shallowRef<Option[]>([])
  const tags = shallowRef<Tag[]>([])
  const fields = shallowRef<CustomField[]>([])
  let loading: Promise<void> | null = null
  let isLoaded = false

  async function fetchAll(): Promise<void> {
    const [optionList, tagList, fieldList] = await Promise.all([
      listOptions().catch(() => [] as Option[]),
      listTags().catch(() => [] as Tag[]),
      listCustomFields().catch(() => [] as CustomField[]),
    ])
    options.value = [...optionList].sort((a, b) => a.kind.localeCompare(b.kind) || a.position - b.position || a.id - b.id)
    tags.value = tagList
    fields.value = [...fieldList].sort((a, b) => a.position - b.position || a.id - b.id)
    isLoaded = true
  }

  function ensureLoaded(): Promise<void> {
    if (isLoaded) return Promise.resolve()
    loading ??= fetchAll().finally(() => {
      loading = null
    })
    return loading
  }

  const reload = () => fetchAll()

  /** Active options of a kind, in order (plus `keep`, an inactive code a record still holds). */
  function choices(kind: OptionKind, keep: string | null = null): Option[] {
    return options.value.filter((option) => option.kind === kind && (option.is_active || option.code === keep))
  }

  const byKind = computed(() => {
    const map = new Map<string, Option>()
    for (const option of options.value) map.set(`${option.kind}:${option.code}`, option)
    return map
  })

  function option(kind: OptionKind, code: string | null | undefined): Option | undefined {
    return code ? byKind.value.get(`${kind}:${code}`) : undefined
  }

  /** The label of an option code in the UI language; unknown codes show as they are. */
  function optionLabel(kind: OptionKind, code: string | null | undefined): string {
    if (!code) return ''
    const found = option(kind, code)
    return found ? localLabel(found, currentLocale.value) : code
  }

  function activeFields(entity: 'customer' | 'contact'): CustomField[] {
    return fields.value.filter((field) => field.entity === entity && field.is_active)
  }

  function addTag(tag: Tag): void {
    tags.value = [...tags.value, tag].sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'))
  }

  return { options, tags, fields, ensureLoaded, reload, choices, option, optionLabel, activeFields, addTag }
})
