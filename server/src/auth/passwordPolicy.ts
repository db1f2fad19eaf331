import { createRequire } from 'node:module';

/**
 * Password rules after NIST SP 800-63B-4 (§3.1.1.2): passwords are the only factor here, so at least 15
 * characters; at least 64 allowed (we allow 256, bounded because every login hashes it); any characters,
 * no composition rules, no expiry; and refused when common, expected or context-specific — checked against
 * the ~49 000 most common passwords of breach corpora that @zxcvbn-ts/language-common ships offline.
 */
export const PASSWORD_MIN_LENGTH = 15;
export const PASSWORD_MAX_LENGTH = 256;

const SERVICE_WORDS = ['lagesbild', 'lägesbild', 'polisen'];

// Only the password list, and only while passwords are being set: the package's index also loads its diceware
// list and keyboard graphs (≈ 1 MB of module text in all), and a serving process that sets no password should not
// carry any of it (issue 14, idle memory).
const require = createRequire(import.meta.url);
export const COMMON_PASSWORDS_MODULE = '@zxcvbn-ts/language-common/dist/passwords.json.cjs';
const KEEP_LIST_MS = 60_000;

let common: Set<string> | undefined;
let dropList: NodeJS.Timeout | undefined;
function commonPasswords(): Set<string> {
  if (!common) {
    const path = require.resolve(COMMON_PASSWORDS_MODULE);
    const list = require(path) as string[];
    // Out of require's cache, so dropping our Set below frees the list and the module's text too.
    delete require.cache[path];
    common = new Set(list.map((p) => p.toLowerCase()));
  }
  // Kept a minute after the last check (an administrator creating several users loads it once), never for good.
  clearTimeout(dropList);
  dropList = setTimeout(() => {
    common = undefined;
  }, KEEP_LIST_MS).unref();
  return common;
}

/** What a password reduces to once case, separators and padding digits are taken away. */
function cores(password: string): string[] {
  const plain = password.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
  const unpadded = plain.replace(/^\d+|\d+$/g, '');
  const out = [password.toLowerCase(), plain, unpadded];
  // "iloveyouiloveyou": a common word repeated is as weak as the word.
  for (const s of [plain, unpadded]) {
    const unit = /^(.+?)\1+$/u.exec(s)?.[1];
    if (unit) out.push(unit);
  }
  return out.filter((s) => s.length > 0);
}

/** Mostly runs and repeats ("123456789012345", "aaaaaaaaaaaaaaa", "abcdabcdabcdabcd"). */
function isMostlySequential(password: string): boolean {
  const chars = [...password.toLowerCase()];
  if (new Set(chars).size < 5) return true;
  let steps = 0;
  for (let i = 1; i < chars.length; i++) if (Math.abs(chars[i].codePointAt(0)! - chars[i - 1].codePointAt(0)!) <= 1) steps++;
  return steps / (chars.length - 1) >= 0.75;
}

/** Why `password` may not be set, or undefined when it may. `context` holds words it must not contain (the username). */
export function passwordProblem(password: string, context: string[] = []): string | undefined {
  // In a u-mode class only unpaired surrogate halves match.
  if (/[\uD800-\uDFFF]/u.test(password)) return 'the password contains an invalid character';
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) return `the password must have at least ${PASSWORD_MIN_LENGTH} characters (a few words make a good one)`;
  if (length > PASSWORD_MAX_LENGTH) return `the password may have at most ${PASSWORD_MAX_LENGTH} characters`;
  const list = commonPasswords();
  if (cores(password).some((c) => list.has(c))) return 'the password is on a list of common or leaked passwords';
  if (isMostlySequential(password)) return 'the password is mostly repeated or sequential characters';
  const lower = password.toLowerCase();
  const words = [...SERVICE_WORDS, ...context.map((w) => w.toLowerCase())].filter((w) => w.length >= 3);
  if (words.some((w) => lower.includes(w))) return 'the password must not contain the username or the name of the service';
  return undefined;
}
