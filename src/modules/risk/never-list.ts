// The never-list: facts about a person that no risk instrument, rule or evaluation may ever read.
// A warning is about a situation (a dispute, a household in conflict), never a judgement of who a
// person is. This list is code, not data: an admin can upload instruments and rules, but cannot
// edit what they are forbidden to touch. Definitions are scanned at load (uploads answer 400 naming
// the offending field); the engine itself only ever receives the whitelisted facts of risk.facts.ts.

export interface NeverListEntry {
  /** The forbidden category, as the error and the docs name it. */
  field: string;
  /** Identifier tokens (English and pinyin, lower case; multi-word ones joined with `_`). */
  identifiers: readonly string[];
  /** Words looked for in the free text of questions (whole words for Latin script). */
  textTerms: readonly string[];
}

export const NEVER_LIST: readonly NeverListEntry[] = [
  {
    field: 'ethnicity',
    identifiers: ['ethnicity', 'ethnic', 'ethnic_group', 'race', 'racial', 'minzu', 'zuqun', 'zhongzu'],
    textTerms: ['ethnicity', 'ethnic', 'race', 'racial', '民族', '种族', '族群'],
  },
  {
    field: 'religion',
    identifiers: ['religion', 'religious', 'faith', 'belief', 'beliefs', 'zongjiao', 'xinyang'],
    textTerms: ['religion', 'religious', 'faith', '宗教', '信仰', '信教'],
  },
  {
    field: 'nationality',
    identifiers: ['nationality', 'citizenship', 'guoji'],
    textTerms: ['nationality', 'citizenship', '国籍'],
  },
  {
    field: 'household_registration_origin',
    identifiers: ['hukou', 'household_registration', 'huji', 'hukou_origin', 'jiguan', 'origin', 'place_of_origin', 'birthplace', 'native_place', 'hometown', 'laojia'],
    textTerms: ['hukou', 'household registration', 'place of origin', 'birthplace', 'hometown', '户籍', '户口', '籍贯', '原籍', '出生地', '外地人'],
  },
  {
    field: 'political_views',
    identifiers: ['political', 'politics', 'political_views', 'political_affiliation', 'ideology', 'zhengzhi', 'zhengzhi_mianmao', 'dangpai'],
    textTerms: ['political', 'politics', 'ideology', '政治', '政治面貌', '党派'],
  },
  {
    field: 'health_or_disability',
    identifiers: ['health', 'medical', 'diagnosis', 'disability', 'disabled', 'illness', 'disease', 'psychiatric', 'mental_health', 'mental_illness', 'pregnancy', 'pregnant', 'jiankang', 'canji', 'jibing', 'bingshi', 'jingshenbing'],
    textTerms: ['health', 'medical', 'diagnosis', 'disability', 'disabled', 'illness', 'disease', 'psychiatric', 'pregnant', 'pregnancy', '健康', '残疾', '疾病', '病史', '精神病', '精神障碍', '心理疾病', '怀孕'],
  },
  {
    field: 'income',
    identifiers: ['income', 'salary', 'wage', 'wages', 'wealth', 'poverty', 'shouru', 'gongzi', 'dibao'],
    textTerms: ['income', 'salary', 'wage', 'wages', 'poverty', '收入', '工资', '低保', '贫困'],
  },
  {
    field: 'petition_or_hotline_history',
    identifiers: ['petition', 'petitions', 'petitioner', 'xinfang', 'shangfang', 'hotline', 'complaint', 'complaints', 'complaint_history', 'tousu', 'channel', 'channels', '12345'],
    textTerms: ['petition', 'petitions', 'petitioned', 'hotline', 'complaint', 'complaints', '信访', '上访', '投诉', '热线', '12345'],
  },
  {
    field: 'refusal_of_mediation',
    identifiers: ['refusal', 'refusals', 'refused', 'refuse', 'refuses', 'mediation_refusal', 'jujue', 'jujue_tiaojie'],
    textTerms: ['refused mediation', 'refuses mediation', 'refusal of mediation', '拒绝调解', '不愿调解', '拒不调解'],
  },
  {
    field: 'names',
    identifiers: ['name', 'names', 'full_name', 'surname', 'family_name', 'given_name', 'first_name', 'last_name', 'xingming', 'mingzi'],
    textTerms: ['surname', '姓名', '名字', '姓氏'],
  },
  {
    field: 'postcodes',
    identifiers: ['postcode', 'postcodes', 'postal_code', 'post_code', 'zip', 'zipcode', 'zip_code', 'youbian'],
    textTerms: ['postcode', 'postal code', 'zip code', '邮编', '邮政编码'],
  },
  {
    // Not on the list but the same kind of thing: who a person is, not what is happening.
    field: 'personal_identifiers',
    identifiers: ['id_number', 'idcard', 'id_card', 'identity_number', 'shenfenzheng', 'phone', 'phone_number', 'mobile', 'address', 'home_address'],
    textTerms: ['身份证', '手机号', '电话号码', '住址'],
  },
];

export interface NeverListHit {
  /** Path of the offending value or key in the definition, e.g. `items[3].id`. */
  path: string;
  /** The never-list category it falls in. */
  field: string;
  /** The word that matched. */
  term: string;
}

/** Lower-case tokens of an identifier (`householdRegistration`, `hukou-origin`, `民族`), joined with `_`. */
export function normalizeIdentifier(value: string): string {
  return value
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toLowerCase()
    .split(/[^a-z0-9\u4e00-\u9fff]+/)
    .filter(Boolean)
    .join('_');
}

const CJK = /[\u4e00-\u9fff]/;

/** The never-list entry an identifier refers to, if any. */
export function identifierHit(value: string): { field: string; term: string } | undefined {
  const joined = `_${normalizeIdentifier(value)}_`;
  for (const entry of NEVER_LIST) {
    for (const term of entry.identifiers) {
      if (joined.includes(`_${term}_`)) return { field: entry.field, term };
    }
    // Chinese identifiers (an item id such as `民族`) are matched against the text terms.
    for (const term of entry.textTerms) if (CJK.test(term) && value.includes(term)) return { field: entry.field, term };
  }
  return undefined;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The never-list entry a question's free text asks about, if any. */
export function textHit(text: string): { field: string; term: string } | undefined {
  const lower = text.toLowerCase();
  for (const entry of NEVER_LIST) {
    for (const term of entry.textTerms) {
      if (CJK.test(term) || /^\d+$/.test(term)) {
        if (lower.includes(term)) return { field: entry.field, term };
      } else if (new RegExp(`(^|[^a-z])${escapeRegExp(term)}([^a-z]|$)`).test(lower)) {
        return { field: entry.field, term };
      }
    }
  }
  return undefined;
}

export interface ScanOptions {
  /** Keys of the definition format itself (`name`, `text`, …): allowed as keys, still checked as values. */
  schemaKeys: ReadonlySet<string>;
  /** Keys whose string values are questions put to people: scanned as free text. */
  questionKeys: ReadonlySet<string>;
  /** Keys whose string values are prose about the definition (limits, citation): not scanned as text. */
  proseKeys: ReadonlySet<string>;
}

const IDENTIFIER_LIKE = /^[A-Za-z0-9_\-.\u4e00-\u9fff]{1,80}$/;

/**
 * Every place a definition (parsed JSON) refers to a never-list field: unknown keys that name one,
 * identifier values that name one, and questions that ask about one.
 */
export function scanDefinition(value: unknown, options: ScanOptions): NeverListHit[] {
  const hits: NeverListHit[] = [];
  const visit = (node: unknown, path: string, key: string | undefined): void => {
    if (typeof node === 'string') {
      if (key !== undefined && options.proseKeys.has(key)) return;
      if (key !== undefined && options.questionKeys.has(key)) {
        const hit = textHit(node) ?? (IDENTIFIER_LIKE.test(node) ? identifierHit(node) : undefined);
        if (hit) hits.push({ path, ...hit });
        return;
      }
      if (IDENTIFIER_LIKE.test(node)) {
        const hit = identifierHit(node);
        if (hit) hits.push({ path, ...hit });
      }
      return;
    }
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, `${path}[${i}]`, key));
      return;
    }
    if (node !== null && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        const childPath = path === '' ? k : `${path}.${k}`;
        if (!options.schemaKeys.has(k)) {
          const hit = identifierHit(k);
          if (hit) hits.push({ path: childPath, ...hit });
        }
        visit(v, childPath, k);
      }
    }
  };
  visit(value, '', undefined);
  return hits;
}
