const WORDS = ['true', 'false', 'null'];
const STRING = /"(?:[^"\\\u0000-\u001f]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"/y;
const NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

class SyntaxStop extends Error {}

/**
 * The line (1-based) of the first JSON syntax error in text that `JSON.parse` rejected. V8's own
 * message quotes the text around the error, which must not be shown for a file read on another's
 * behalf; a line number is all it needs to say. Undefined when the line cannot be found.
 */
export function jsonErrorLine(text: string): number | undefined {
  let at = 0;
  const expect = (ok: boolean) => {
    if (!ok) throw new SyntaxStop();
  };
  const space = () => {
    while (at < text.length && ' \t\n\r'.includes(text[at])) at++;
  };
  const token = (pattern: RegExp) => {
    pattern.lastIndex = at;
    expect(pattern.test(text));
    at = pattern.lastIndex;
  };
  const items = (close: string, item: () => void) => {
    at++;
    space();
    if (text[at] === close) {
      at++;
      return;
    }
    for (;;) {
      item();
      space();
      if (text[at] !== ',') break;
      at++;
    }
    expect(text[at] === close);
    at++;
  };
  const value = (): void => {
    space();
    const first = text[at];
    if (first === '{') {
      items('}', () => {
        space();
        token(STRING);
        space();
        expect(text[at] === ':');
        at++;
        value();
      });
    } else if (first === '[') {
      items(']', value);
    } else if (first === '"') {
      token(STRING);
    } else {
      const word = WORDS.find((candidate) => text.startsWith(candidate, at));
      if (word) at += word.length;
      else token(NUMBER);
    }
  };
  try {
    value();
    space();
    expect(at === text.length);
    return undefined;
  } catch (error) {
    // Nesting deep enough to exhaust the stack has no line worth naming.
    if (!(error instanceof SyntaxStop)) return undefined;
    return text.slice(0, at).split('\n').length;
  }
}
