/**
 * Passages that read as instructions to a language model ("ignore the previous instructions",
 * "你现在是…助手", a fake `<system>` tag, "send me your password"). News articles never address a
 * model, so such text in the corpus is a prompt injection: ingest flags the chunk
 * (`ChunkRecord.instructionLike`) and the LLM path leaves flagged passages out of its prompts.
 * The extractive path still quotes articles verbatim; it never follows what they say.
 */

import { toSimplified } from '../text/script.js';

// Each pattern describes a kind of instruction, in Chinese (Simplified; text is converted first)
// and English, not a particular attack string.
const PATTERNS: RegExp[] = [
  // Overriding what came before.
  /(忽略|无视|忘记|忘掉|不要理会|不要遵守|抛开|跳过)(掉)?(你)?(之前|以上|上面|前面|上述|此前|先前|原来|原有|所有|全部|一切)?的?(所有|全部|一切)?(指令|指示|提示词?|规则|要求|设定|约束|限制|命令)/u,
  /\b(ignore|disregard|forget|override|bypass)\s+(all\s+|any\s+|the\s+|your\s+)*(previous|prior|above|earlier|preceding|system|original)?\s*(instructions?|prompts?|rules|directions|guidelines|context)\b/i,
  // Addressing the model or its role.
  /(你|您)(现在|从现在起|接下来)?(是|扮演|充当|作为)[^。，,；;]{0,12}(ai|人工智能|语言模型|大模型|聊天机器人|助手|chatgpt|gpt)/iu,
  /(作为|身为)(一个|一名)?(ai|人工智能|语言模型|大模型)/iu,
  /\b(you are now|from now on,? you|act as (an? )?(ai|assistant|language model)|as an ai language model|pretend to be)\b/i,
  /(系统提示词?|系统指令|system prompt|developer mode|开发者模式|越狱|jailbreak)/iu,
  // Chat-format markers and tags that only mean something to a model.
  /<\s*\/?\s*(system|assistant|user|passage|instructions?|im_start|im_end)\b[^>]*>/i,
  /(^|\n)\s*(system|assistant|user)\s*[:：]/i,
  /\[\/?(inst|sys)\]|<<\/?sys>>|<\|[a-z_]+\|>/i,
  // Telling the reader to reply with, or hand over, something.
  /(请|务必|必须|立即|马上|只|仅)(只|仅)?(回答|回复|输出|说出|打印)(以下内容)?[“"「『'：:]/u,
  /\b(respond|reply|answer|output|print|say)\s+(only\s+)?(with\s+)?["'“]/i,
  /(把|将|发送|提供|告诉|交出|输入)(你的|您的)?(密码|口令|密钥|验证码|银行卡|账号|token|api[ _-]?key)/iu,
  /\b(send|give|tell|share|enter|provide)\b.{0,20}\b(password|passcode|api key|token|credentials|secret)\b/i,
  /(系统|账号|服务器)已(被)?(接管|入侵|攻破|劫持)/u,
];

/** True when the text (either script) reads as instructions addressed to a language model. */
export function isInstructionLike(text: string): boolean {
  const normalized = toSimplified(text.normalize('NFKC'));
  return PATTERNS.some((p) => p.test(normalized));
}
