/** A coloured chip: text and border in the colour, a light tint behind (only for #RRGGBB colours). */
export function chipStyle(color: string | null | undefined): Record<string, string> {
  if (!color || !/^#[0-9a-fA-F]{6}$/.test(color)) return {}
  return {
    '--el-tag-text-color': color,
    '--el-tag-border-color': color,
    '--el-tag-bg-color': `${color}1a`,
    '--el-tag-hover-color': color,
  }
}
