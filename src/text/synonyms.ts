/**
 * Everyday question words and the words government reports use for the same thing (打算 → 计划,
 * 钱 → 资金). A question word matches a sentence that has any of them; the list is general
 * report vocabulary, not tied to particular articles.
 */
// A Map, not an object literal: question words such as `constructor` must not reach Object.prototype.
const SYNONYMS = new Map<string, readonly string[]>(
  Object.entries({
    打算: ['计划', '拟'],
    // (Guarding the border is written as the work: 边防, 护边, 联防, 守土.)
    守边: ['边防', '护边', '联防', '守土'],
    戍边: ['边防', '护边', '联防', '守土'],
    发动: ['调动', '动员'],
    动员: ['调动', '发动'],
    老百姓: ['群众'],
    百姓: ['群众'],
    // (A border port is a 口岸; the reports also name one by its harbour, 关累港口.)
    口岸: ['口岸', '港口'],
    // (Manpower is counted as the people sent: 干部, 队员, 人员.)
    人手: ['人员', '干部', '队员'],
    人力: ['人员', '干部', '队员'],
    准备: ['计划', '拟'],
    将要: ['计划', '将'],
    花: ['投入', '投资'],
    花费: ['投入', '投资'],
    花了: ['投入', '投资'],
    投资: ['投入'],
    拿出: ['投入', '安排'],
    钱: ['资金', '经费', '万元', '元'],
    经费: ['资金', '经费'],
    资金: ['经费', '资金'],
    费用: ['资金', '经费'],
    每位: ['每名', '每人', '每个'],
    每个: ['每名', '每人'],
    最少: ['至少', '不少于', '不低于'],
    起码: ['至少', '不少于'],
    最多: ['不超过', '最高'],
    新建: ['新创建', '建设', '建立', '新建'],
    修建: ['建设', '新建'],
    建了: ['建设', '建立', '创建'],
    建起: ['建设', '建立'],
    办了: ['举办', '开展'],
    举行: ['举办', '开展', '召开'],
    组织了: ['举办', '开展', '组织'],
    参加: ['参训', '参与', '参加'],
    参与: ['参加', '参训'],
    人数: ['人', '名'],
    一年: ['每年', '全年', '年度'],
    今年: ['今年', '年度'],
    奖励: ['表彰', '授予', '荣誉'],
    获奖: ['表彰', '授予', '荣誉'],
    表彰: ['表彰', '授予', '荣誉'],
    受表彰: ['表彰', '授予', '荣誉'],
    帮助: ['帮扶', '帮助'],
    工资: ['补助', '报酬', '待遇'],
    待遇: ['补助', '报酬'],
    报酬: ['补助', '待遇', '工资'],
    薪酬: ['补助', '待遇', '工资'],
    负责人: ['部长', '书记', '主任'],
    领导: ['书记', '部长', '主任', '领导'],
    目标: ['目标', '任务'],
    办法: ['措施', '举措', '做法'],
    经验: ['做法', '举措', '措施'],
    成效: ['成效', '成果', '实现'],
  }),
);

/** Report words that mean what a question word means (empty when none are listed). */
export function synonymsOf(term: string): string[] {
  return [...(SYNONYMS.get(term) ?? [])];
}
