import { describe, expect, it } from 'vitest'
import { blankPool, blankTakeBackRule, poolBody, poolPatchBody, poolValues, rulesWithoutCondition } from '../composables/poolForm'

const SERVER_POOL = {
  id: 3,
  resource: 'customers',
  name: '华东公海',
  name_en: 'East China',
  members: [{ id: 7, name: '王五' }],
  member_departments: [{ id: 2, name: '华东销售部' }],
  managers: [{ id: 9, name: '张主管' }],
  max_held: 50,
  max_claims_per_day: 1,
  cooldown_days: 7,
  is_default: true,
  is_active: true,
  version: 4,
  take_back_rules: [
    { id: 11, customer_level: 'A', no_follow_up_days: 30, no_won_days: 90, warn_days: 3, exempts_open_deals: true, is_active: true },
    { id: 12, customer_level: '', no_follow_up_days: 15, no_won_days: null, warn_days: 0, exempts_open_deals: false, is_active: false },
  ],
}

describe('pool form', () => {
  it('round-trips a pool with its take-back rules', () => {
    const values = poolValues(SERVER_POOL)
    expect(values.memberIds).toEqual([7])
    expect(values.departmentIds).toEqual([2])
    expect(values.managerIds).toEqual([9])
    expect(values.rules[0]).toEqual({ id: 11, level: 'A', noFollowUpDays: 30, noWonDays: 90, warnDays: 3, exemptsOpenDeals: true, isActive: true })
    expect(poolBody(values)).toEqual({
      resource: 'customers',
      name: '华东公海',
      name_en: 'East China',
      member_ids: [7],
      member_department_ids: [2],
      manager_ids: [9],
      max_held: 50,
      max_claims_per_day: 1,
      cooldown_days: 7,
      is_default: true,
      is_active: true,
      take_back_rules: [
        { customer_level: 'A', no_follow_up_days: 30, no_won_days: 90, warn_days: 3, exempts_open_deals: true, is_active: true },
        { customer_level: '', no_follow_up_days: 15, no_won_days: null, warn_days: 0, exempts_open_deals: false, is_active: false },
      ],
    })
  })

  it('sends emptied limits as unlimited and cleans day counts', () => {
    const values = { ...blankPool('customers'), name: ' 公海 ', maxHeld: null, maxClaimsPerDay: 0 }
    values.rules = [{ ...blankTakeBackRule(), noFollowUpDays: 0, noWonDays: 45.7, warnDays: -2 }]
    const body = poolBody(values)
    expect(body.name).toBe('公海')
    expect(body.max_held).toBeNull()
    expect(body.max_claims_per_day).toBe(0)
    expect(body.take_back_rules).toEqual([
      { customer_level: '', no_follow_up_days: null, no_won_days: 45, warn_days: 0, exempts_open_deals: true, is_active: true },
    ])
  })

  it('drops level and won-deal days for lead pools', () => {
    const values = { ...blankPool('leads'), name: '线索公海' }
    values.rules = [{ ...blankTakeBackRule(), level: 'A', noFollowUpDays: 7, noWonDays: 30 }]
    expect(poolBody(values).take_back_rules[0]).toMatchObject({ customer_level: '', no_follow_up_days: 7, no_won_days: null })
  })

  it('finds rules that would take nothing back', () => {
    const values = blankPool('leads')
    values.rules = [
      { ...blankTakeBackRule(), noFollowUpDays: 10 },
      { ...blankTakeBackRule(), noFollowUpDays: null, noWonDays: 30 },
    ]
    // A lead pool ignores won-deal days, so the second rule has no condition left.
    expect(rulesWithoutCondition(values)).toEqual([1])
  })

  it('patches without the resource, with the version', () => {
    const body = poolPatchBody(poolValues(SERVER_POOL), 4)
    expect(body).not.toHaveProperty('resource')
    expect(body.version).toBe(4)
    expect(body.take_back_rules).toHaveLength(2)
  })
})
