import * as lancedb from '@lancedb/lancedb';
const db = await lancedb.connect('/work/main/index');
const t = await db.openTable('articles');
const rows: any[] = await t.query().where(`id LIKE '${process.argv[2]}%'`).toArray();
const a = rows[0];
const text: string = a.text;
const st = a.structure.toJSON ? a.structure.toJSON() : a.structure;
for (const s of st.sections.toArray ? st.sections.toArray() : st.sections) {
  const sj = s.toJSON ? s.toJSON() : s;
  console.log('=== HEADING:', sj.heading ? text.slice(sj.heading.start, sj.heading.end) : null);
  for (const p of sj.paragraphs.toArray ? sj.paragraphs.toArray() : sj.paragraphs) {
    const pj = p.toJSON ? p.toJSON() : p;
    console.log(' ¶', text.slice(pj.start, pj.end).slice(0, Number(process.argv[3] ?? 200)));
  }
}
