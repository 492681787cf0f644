import type { ValidArticle } from './article.ts';
import { detectLanguage } from './language.ts';
import { summarize } from './summary.ts';

/** What an article's row derives from its text alone: its language (given, else detected) and its summary. */
export interface ArticleDescription {
  language: string | null;
  summary: string;
}

/** The language given, else detected; the summary splits sentences by its rules. */
export function describeArticle(article: ValidArticle): ArticleDescription {
  const language = article.language ?? detectLanguage(article.title, article.body);
  return { language, summary: summarize(article.body, article.title, undefined, language ?? undefined) };
}
