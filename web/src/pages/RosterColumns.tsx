// 花名册列说明: the importer's column guide, read from docs/roster-columns.md at build time (the
// import error sends people to it), and the template workbook to start from.
import { Button, Card, Space } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import guide from '../../../docs/roster-columns.md?raw';
import { api } from '../api/endpoints.js';
import { PageTitle } from '../components/PageTitle.js';
import { Markdown } from '../lib/markdown.js';
import { can } from '../../../src/domain/roles.js';
import { useSession } from '../session.js';
import { Link } from '../router.js';

export default function RosterColumnsPage() {
  const { user } = useSession();
  return (
    <>
      <PageTitle
        title="花名册列说明"
        sub="导入花名册时系统能识别的列名、填写方法和检查规则"
        extra={
          <Space wrap>
            {can(user, 'roster.import') && (
              <>
                <Button icon={<DownloadOutlined />} onClick={() => void api.rosterTemplate()}>
                  下载花名册模板
                </Button>
                <Link to="/import">返回导入</Link>
              </>
            )}
          </Space>
        }
      />
      <Card className="guide-card" data-testid="roster-columns-guide">
        <Markdown source={guide} />
      </Card>
    </>
  );
}
