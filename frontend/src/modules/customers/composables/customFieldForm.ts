import type { CustomField, CustomFieldInput, CustomFieldPatch } from '../api'

export interface CustomFieldFormValues {
  entity: 'customer' | 'contact'
  key: string
  label: string
  label_en: string
  field_type: string
  choices: { value: string; label: string }[]
  is_required: boolean
  is_unique: boolean
  is_active: boolean
  position: number
}

export const hasChoices = (fieldType: string) => fieldType === 'choice' || fieldType === 'multi_choice'

export function customFieldFormValues(field: CustomField | null): CustomFieldFormValues {
  return {
    entity: field?.entity === 'contact' ? 'contact' : 'customer',
    key: field?.key ?? '',
    label: field?.label ?? '',
    label_en: field?.label_en ?? '',
    field_type: field?.field_type ?? 'text',
    choices: field?.choices.map((choice) => ({ value: choice.value, label: choice.label ?? '' })) ?? [],
    is_required: field?.is_required ?? false,
    is_unique: field?.is_unique ?? false,
    is_active: field?.is_active ?? true,
    position: field?.position ?? 0,
  }
}

/** Choices with a value, trimmed, each value once. */
export function cleanChoices(choices: { value: string; label: string }[]): { value: string; label: string }[] {
  const seen = new Set<string>()
  const result = []
  for (const choice of choices) {
    const value = choice.value.trim()
    if (!value || seen.has(value)) continue
    seen.add(value)
    result.push({ value, label: choice.label.trim() })
  }
  return result
}

export function customFieldInput(values: CustomFieldFormValues): CustomFieldInput {
  return {
    entity: values.entity,
    key: values.key.trim(),
    label: values.label.trim(),
    label_en: values.label_en.trim(),
    field_type: values.field_type,
    choices: hasChoices(values.field_type) ? cleanChoices(values.choices) : [],
    is_required: values.is_required,
    is_unique: values.is_unique,
    position: values.position,
  }
}

/** What an edit changes (entity, key and type are fixed once created). */
export function customFieldPatch(field: CustomField, values: CustomFieldFormValues): CustomFieldPatch {
  const patch: CustomFieldPatch = {}
  if (values.label.trim() !== field.label) patch.label = values.label.trim()
  if (values.label_en.trim() !== field.label_en) patch.label_en = values.label_en.trim()
  if (hasChoices(field.field_type)) {
    const choices = cleanChoices(values.choices)
    if (JSON.stringify(choices) !== JSON.stringify(field.choices.map((c) => ({ value: c.value, label: c.label ?? '' })))) patch.choices = choices
  }
  if (values.is_required !== field.is_required) patch.is_required = values.is_required
  if (values.is_unique !== field.is_unique) patch.is_unique = values.is_unique
  if (values.is_active !== field.is_active) patch.is_active = values.is_active
  if (values.position !== field.position) patch.position = values.position
  return patch
}
