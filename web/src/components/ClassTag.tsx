import { Tag } from 'antd';
import { CLASS_TAG_COLORS } from '../theme.js';

export const OUT_OF_SCOPE = 'out-of-scope';

export function classLabel(code: string, label?: string | null): string {
  if (label) return label;
  if (code === OUT_OF_SCOPE) return '不在筛查范围';
  return `${code}类`;
}

export function ClassTag({ code, label }: { code: string | null | undefined; label?: string | null }) {
  if (!code) return <Tag>未评估</Tag>;
  return <Tag color={CLASS_TAG_COLORS[code] ?? 'blue'} data-class={code}>{classLabel(code, label)}</Tag>;
}
