// A class as a tag: label and colour are the active rulebook's (classes[].label, .colour).
import { Tag } from 'antd';
import { OUT_OF_SCOPE } from '../../../src/domain/assessment.js';
import { classColour, classLabel } from '../../../src/domain/classes.js';
import { useActiveRulebook } from '../lib/rulebook.js';

export { OUT_OF_SCOPE };

export function ClassTag({ code, label }: { code: string | null | undefined; label?: string | null }) {
  const rb = useActiveRulebook();
  if (!code) return <Tag>未评估</Tag>;
  return (
    <Tag color={classColour(rb, code)} data-class={code}>
      {label ? label : classLabel(rb, code)}
    </Tag>
  );
}
