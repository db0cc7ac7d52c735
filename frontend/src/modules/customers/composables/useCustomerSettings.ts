import { ElMessage } from 'element-plus'
import { computed } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import {
  createCustomField,
  createTag,
  deleteTag,
  saveOption,
  updateCustomField,
  updateTag,
  type CustomField,
  type CustomFieldInput,
  type CustomFieldPatch,
  type Option,
  type OptionInput,
  type Tag,
} from '../api'
import { useCatalogStore } from './useCatalog'

export const OPTION_KINDS = ['level', 'stage', 'industry', 'source', 'decision_role'] as const

/** A new option's code from what the admin typed: lower-case letters, digits and underscores. */
export function optionCode(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 40)
}

/** The option list with one value moved up (-1) or down (+1), positions renumbered 0, 1, 2… */
export function reorder<T extends { position: number }>(items: T[], index: number, delta: number): T[] {
  const target = index + delta
  if (target < 0 || target >= items.length) return items
  const next = [...items]
  const [moved] = next.splice(index, 1)
  next.splice(target, 0, moved as T)
  return next.map((item, position) => ({ ...item, position }))
}

/** The customer settings page's writes; each one refreshes the shared catalog the other pages read. */
export function useCustomerSettings() {
  const catalog = useCatalogStore()
  const saved = () => ElMessage.success(i18n.global.t('common.saved'))

  /** Run a write; failures are shown, or thrown to a form that puts them under its fields. */
  async function attempt(work: () => Promise<unknown>, rethrow = false): Promise<boolean> {
    try {
      await work()
    } catch (error) {
      if (rethrow) throw error
      notifyError(error)
      return false
    }
    saved()
    await catalog.reload()
    return true
  }

  const optionsOf = (kind: string) => computed(() => catalog.options.filter((option) => option.kind === kind))

  return {
    catalog,
    optionsOf,
    addTag: (name: string, color: string) => attempt(() => createTag(name, color)),
    editTag: (tag: Tag, changes: { name?: string; color?: string }) => attempt(() => updateTag(tag.id, changes)),
    removeTag: (tag: Tag) => attempt(() => deleteTag(tag.id)),
    saveOption: (kind: string, code: string, body: OptionInput) => attempt(() => saveOption(kind, code, body)),
    /** Save the positions that changed after a move. */
    saveOrder: (before: Option[], after: Option[]) =>
      attempt(() =>
        Promise.all(
          after
            .filter((option) => before.find((item) => item.id === option.id)?.position !== option.position)
            .map(({ kind, code, label, label_en, color, position, is_active }) =>
              saveOption(kind, code, { label, label_en, color, position, is_active }),
            ),
        ),
      ),
    addField: (body: CustomFieldInput) => attempt(() => createCustomField(body), true),
    editField: (field: CustomField, body: CustomFieldPatch) => attempt(() => updateCustomField(field.id, body), true),
  }
}
