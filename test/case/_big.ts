/** A large NDJSON Activities file for abort and crash tests (deterministic). */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

export async function writeBigNdjson(path: string, n: number): Promise<void> {
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < n; i++) {
    const ts = new Date(Date.UTC(2018, 5, 1) + i * 997).toISOString();
    const logon = i % 10 === 0;
    buf +=
      JSON.stringify({
        TimeStamp: ts,
        AppIdType: logon ? 'Outlook' : 'Web',
        ActivityIdType: logon ? 'ServerLogon' : 'ReadingPaneDisplayStart',
        ActivityItemId: logon ? null : `AAMk${i}`,
        ActivityCreationTime: ts,
        ClientSessionId: `s-${i >> 6}`,
        CustomProperties: logon
          ? [
              { Name: 'ClientIP', Value: `203.0.113.${i % 250}` },
              { Name: 'UserName', Value: 'big@contoso.example' },
              { Name: 'Result', Value: 'Success' },
            ]
          : [{ Name: 'SelectedFolderName', Value: 'Inbox' }],
      }) + '\n';
    if (buf.length > 1 << 16) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'close');
}
