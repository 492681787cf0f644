import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers/cli.ts';

/** Lints `code` as if it were the file at `filePath` (relative to the repository), with the project's config. */
async function lint(filePath: string, code: string): Promise<string[]> {
  const eslint = new ESLint({ cwd: ROOT });
  const [result] = await eslint.lintText(code, { filePath: `${ROOT}${filePath}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? ''}: ${m.message}`);
}

describe('the layers the linter keeps', () => {
  it('refuses an upward import and says which way is allowed', async () => {
    const messages = await lint(
      'src/domain/upward.ts',
      "import { createCore } from '../core/core.ts';\nexport const make = createCore;\n",
    );
    expect(messages).toEqual([
      expect.stringMatching(
        /^import-x\/no-restricted-paths: .*domain is a lower layer: it may import only from domain \(order: domain < storage < app/u,
      ),
    ]);
  });

  it('refuses storage importing the use cases above it', async () => {
    const messages = await lint(
      'src/storage/upward.ts',
      "import { postArticle } from '../app/articles.ts';\nexport const post = postArticle;\n",
    );
    expect(messages.join('\n')).toMatch(/storage is a lower layer: it may import only from domain, storage/u);
  });

  it('refuses delivery and feeds importing each other', async () => {
    const messages = await lint(
      'src/delivery/sideways.ts',
      "import { pollFeeds } from '../feeds/poll.ts';\nexport const poll = pollFeeds;\n",
    );
    expect(messages.join('\n')).toMatch(
      /delivery is a lower layer: it may import only from domain, storage, app, delivery \(/u,
    );
  });

  it('allows a downward import', async () => {
    const messages = await lint(
      'src/commands/downward.ts',
      "import { tagKey } from '../domain/tags.ts';\nexport const key = tagKey;\n",
    );
    expect(messages).toEqual([]);
  });

  it('refuses an import cycle', async () => {
    // tags.ts imports text.ts; text.ts importing tags.ts back closes a cycle.
    const messages = await lint(
      'src/domain/text.ts',
      "import { tagKey } from './tags.ts';\nexport const key = tagKey;\n",
    );
    expect(messages.join('\n')).toMatch(/import-x\/no-cycle: Dependency cycle detected/u);
  });
});
