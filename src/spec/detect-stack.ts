import { lineOf, parseMarkdown, readLabelledValue, sourceLines, textOf, type MdNode } from "./markdown.js";

/** A language or framework a SPEC names; `language` and `framework` are lower-case keys targets compare with. */
export interface StackTechnology {
  name: string;
  language: string;
  framework?: string;
}

/** The stack a SPEC asks for, where it first says so. */
export interface NamedStack {
  technologies: StackTechnology[];
  line: number;
  /** That line, as written. */
  text: string;
}

/**
 * Names matched in stack lines only. Those that are also plain words ("Go",
 * "Express", "Rust", "Node") must be capitalised to count.
 */
const TECHNOLOGIES: ReadonlyArray<StackTechnology & { pattern: RegExp }> = [
  { pattern: /\bFastAPI\b/i, name: "FastAPI", language: "python", framework: "fastapi" },
  { pattern: /\bFlask\b/i, name: "Flask", language: "python", framework: "flask" },
  { pattern: /\bDjango\b/i, name: "Django", language: "python", framework: "django" },
  { pattern: /\bPython\b/i, name: "Python", language: "python" },
  { pattern: /\bTypeScript\b/i, name: "TypeScript", language: "typescript" },
  { pattern: /\bJavaScript\b/i, name: "JavaScript", language: "javascript" },
  { pattern: /\bNode(?:\.js|JS)?\b|\bnode\.js\b/, name: "Node.js", language: "node" },
  { pattern: /\bExpress(?:\.js)?\b/, name: "Express", language: "node", framework: "express" },
  { pattern: /\bNestJS\b/i, name: "NestJS", language: "node", framework: "nestjs" },
  { pattern: /\bFastify\b/i, name: "Fastify", language: "node", framework: "fastify" },
  { pattern: /\bGo\b|\bGolang\b/, name: "Go", language: "go" },
  { pattern: /\bRust\b/, name: "Rust", language: "rust" },
  { pattern: /\bJava\b/, name: "Java", language: "java" },
  { pattern: /\bSpring(?: Boot)?\b/, name: "Spring", language: "java", framework: "spring" },
  { pattern: /\bKotlin\b/i, name: "Kotlin", language: "kotlin" },
  { pattern: /\bRuby\b/, name: "Ruby", language: "ruby" },
  { pattern: /\bRails\b/, name: "Rails", language: "ruby", framework: "rails" },
  { pattern: /\bPHP\b/, name: "PHP", language: "php" },
  { pattern: /\bLaravel\b/i, name: "Laravel", language: "php", framework: "laravel" },
  { pattern: /(?:^|[^\w])C#(?!\w)|\.NET\b/, name: "C#/.NET", language: "csharp" },
  { pattern: /\bElixir\b/i, name: "Elixir", language: "elixir" },
];

/** Headings of sections that describe the stack: "Tech Stack", "Technology Stack", "Language", "Framework"… */
const STACK_HEADING = /\b(?:tech(?:nology)?[\s-]*stack|stack|technolog(?:y|ies)|languages?|frameworks?|runtime)\b/i;

/** `**Language:** Python 3.11` and its kind, anywhere outside code. */
const STACK_LABEL = /^(?:tech(?:nology)? stack|stack|technolog(?:y|ies)|languages?|frameworks?|runtime|backend)$/;

/**
 * The stack a SPEC names: what its stack sections ("Tech Stack", "Framework")
 * and stack lines (`**Language:** Python`, `**Framework:** FastAPI`) mention,
 * outside code blocks. Pure; null when the SPEC names none.
 */
export function detectStack(text: string): NamedStack | null {
  const found: StackTechnology[] = [];
  let first: { line: number; text: string } | null = null;
  let stackDepth: number | null = null;

  const scan = (line: string, lineNumber: number) => {
    const named = TECHNOLOGIES.filter((t) => t.pattern.test(line));
    if (named.length === 0) return;
    first ??= { line: lineNumber, text: line.trim() };
    for (const { name, language, framework } of named) {
      if (!found.some((t) => t.name === name)) found.push({ name, language, ...(framework ? { framework } : {}) });
    }
  };

  for (const node of parseMarkdown(text).children as MdNode[]) {
    if (node.type === "heading") {
      if (stackDepth !== null && node.depth <= stackDepth) stackDepth = null;
      if (STACK_HEADING.test(textOf(node))) {
        stackDepth = node.depth;
        scan(textOf(node), lineOf(node));
      }
      continue;
    }
    // Code is not a claim about the stack (a prompt, a model, a shell session).
    if (node.type === "code" || node.type === "html") continue;
    for (const { text: line, line: lineNumber } of sourceLines(text, node)) {
      const labelled = readLabelledValue(line);
      if (stackDepth !== null || (labelled && STACK_LABEL.test(labelled.label))) scan(line, lineNumber);
    }
  }
  return first ? { technologies: found, ...(first as { line: number; text: string }) } : null;
}
