// A calm, official look: a deep government blue, neutral greys, modest radii.
import type { ThemeConfig } from 'antd';

export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#1f4e8c',
    colorInfo: '#1f4e8c',
    // antd derives a dull grey from this dark blue for info alerts; give them a light blue instead.
    colorInfoBg: '#eef3fa',
    colorInfoBorder: '#c5d5ea',
    colorWarning: '#c98a14',
    colorError: '#c0392b',
    borderRadius: 4,
    fontSize: 14,
    fontFamily:
      '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#17365f', headerHeight: 56, headerPadding: '0 20px' },
    Menu: { darkItemBg: '#17365f', darkSubMenuItemBg: '#122b4c', darkItemSelectedBg: '#2a5fa6' },
    Card: { headerFontSize: 15 },
    Table: { headerBg: '#f0f3f7', cellPaddingBlockMD: 10 },
  },
};

/**
 * Chart and figure colours for the tag colours a rulebook gives its classes (classes[].colour, an
 * antd preset name), so a class looks the same in a tag and in a chart.
 */
const PRESET_HEX: Record<string, string> = {
  green: '#2f8f4e',
  gold: '#d4a017',
  red: '#c0392b',
  orange: '#e67e22',
  blue: '#2f6fb0',
  cyan: '#13a8a8',
  purple: '#7a4fb0',
  magenta: '#c41d7f',
  volcano: '#d4380d',
  lime: '#7cb305',
  geekblue: '#2f54eb',
  default: '#8c8c8c',
};

export function colourHex(preset: string): string {
  return PRESET_HEX[preset] ?? PRESET_HEX['blue']!;
}
