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
    fontFamily: '-apple-system, BlinkMacSystemFont, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "Noto Sans SC", sans-serif',
  },
  components: {
    Layout: { headerBg: '#ffffff', siderBg: '#17365f', headerHeight: 56, headerPadding: '0 20px' },
    Menu: { darkItemBg: '#17365f', darkSubMenuItemBg: '#122b4c', darkItemSelectedBg: '#2a5fa6' },
    Card: { headerFontSize: 15 },
    Table: { headerBg: '#f0f3f7', cellPaddingBlockMD: 10 },
  },
};

/** Class colours used by tags and charts alike (A reaches the bar, C is furthest). */
export const CLASS_COLORS: Record<string, string> = {
  A: '#2f8f4e',
  B: '#d4a017',
  C: '#c0392b',
  'out-of-scope': '#8c8c8c',
};
