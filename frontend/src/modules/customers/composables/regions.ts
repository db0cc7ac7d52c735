import { listRegions, type Customer, type Region } from '../api'

/** 1 = province (xx0000), 2 = prefecture (xxxx00), 3 = county level. */
export function regionLevel(code: string): 1 | 2 | 3 {
  if (code.endsWith('0000')) return 1
  return code.endsWith('00') ? 2 : 3
}

/**
 * The cascader path of a division code. A county's prefecture is only on the path when it exists:
 * the districts of 北京/上海/天津/重庆 and a few province-administered cities hang directly under
 * their province (`cityExists` answers that, from the province's children).
 */
export function regionPath(code: string, cityExists: (cityCode: string) => boolean = () => true): string[] {
  if (!/^\d{6}$/.test(code)) return []
  const province = `${code.slice(0, 2)}0000`
  const level = regionLevel(code)
  if (level === 1) return [province]
  if (level === 2) return [province, code]
  const city = `${code.slice(0, 4)}00`
  return cityExists(city) ? [province, city, code] : [province, code]
}

/** The customer's region as a cascader path (from its stored codes). */
export function customerRegionPath(customer: Pick<Customer, 'province_code' | 'city_code' | 'district_code'> | null): string[] {
  if (!customer) return []
  return [customer.province_code, customer.city_code, customer.district_code].filter((code): code is string => !!code)
}

/** The most precise code of a customer's region ("" when none). */
export function customerRegionCode(customer: Pick<Customer, 'province_code' | 'city_code' | 'district_code'> | null): string {
  return customerRegionPath(customer).at(-1) ?? ''
}

const children = new Map<string, Promise<Region[]>>()

/** Provinces ("") or a division's children, fetched once per page load (the table never changes). */
export function regionChildren(parent: string): Promise<Region[]> {
  let pending = children.get(parent)
  if (!pending) {
    pending = listRegions(parent)
    pending.catch(() => children.delete(parent))
    children.set(parent, pending)
  }
  return pending
}

/** The cascader path of any code, asking the server whether its prefecture level exists. */
export async function resolveRegionPath(code: string): Promise<string[]> {
  if (!/^\d{6}$/.test(code) || regionLevel(code) < 3) return regionPath(code)
  try {
    const cities = await regionChildren(`${code.slice(0, 2)}0000`)
    return regionPath(code, (city) => cities.some((region) => region.code === city))
  } catch {
    return regionPath(code)
  }
}
