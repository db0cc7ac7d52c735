import { ElMessageBox } from 'element-plus'
import { ref, shallowRef } from 'vue'
import { i18n } from '@/app/i18n'
import { notifyError } from '@/shared/errors'
import { deleteRule, listRules, reorderRules, type Rule } from '../settingsApi'
import { moveRule } from './ruleConditions'

/** The ordered assignment rules: load, move one up or down (the server stores the whole order), delete. */
export function useAssignmentRules() {
  const rules = shallowRef<Rule[]>([])
  const isLoading = ref(false)

  async function load(): Promise<void> {
    isLoading.value = true
    try {
      rules.value = await listRules()
    } catch (error) {
      notifyError(error)
    } finally {
      isLoading.value = false
    }
  }

  async function move(rule: Rule, step: -1 | 1): Promise<void> {
    const before = rules.value
    const order = moveRule(
      before.map((item) => item.id),
      rule.id,
      step,
    )
    const byId = new Map(before.map((item) => [item.id, item]))
    // Show the new order at once; the server's answer (or a reload after a refusal) settles it.
    rules.value = order.map((id) => byId.get(id)).filter((item): item is Rule => item !== undefined)
    try {
      rules.value = await reorderRules(order)
    } catch (error) {
      notifyError(error)
      await load()
    }
  }

  async function remove(rule: Rule): Promise<void> {
    const { t } = i18n.global
    try {
      await ElMessageBox.confirm(t('leads.rules.deleteConfirm', { name: rule.name }), t('common.areYouSure'), {
        type: 'warning',
        confirmButtonText: t('common.delete'),
        cancelButtonText: t('common.cancel'),
      })
    } catch {
      return
    }
    try {
      await deleteRule(rule.id)
      rules.value = rules.value.filter((item) => item.id !== rule.id)
    } catch (error) {
      notifyError(error)
    }
  }

  return { rules, isLoading, load, move, remove }
}
