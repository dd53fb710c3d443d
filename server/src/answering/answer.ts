/** A page an answer quotes, as the API returns it. */
export interface Citation {
  pageId: string;
  pageTitle: string;
  pageUrl: string;
  excerpt: string;
}

/** A page worth reading next. */
export interface RelatedArticle {
  pageId: string;
  pageTitle: string;
  pageUrl: string;
}

/** What the bot says to a question (docs/server.md, "How answers are made"). */
export interface Answer {
  answer: string;
  citations: Citation[];
  relatedArticles: RelatedArticle[];
  confidenceScore: number;
  /** True when confidence is below the widget's threshold: the answer then says so and offers a person. */
  wasRefused: boolean;
}

/** The response of `POST /api/widget/chat`. */
export type ChatResponse = Answer & { conversationId: string; messageId: string };

/** While a person has the conversation, the bot says nothing. */
export const SILENCE: Answer = {
  answer: '',
  citations: [],
  relatedArticles: [],
  confidenceScore: 0,
  wasRefused: false,
};
