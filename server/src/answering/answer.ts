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

/**
 * `POST /api/widget/chat` while a person has the conversation (`escalated`: waiting for one;
 * `agent`: one is answering): the message is stored under `messageId` and the bot says nothing.
 * Sent with status 202; the person's reply comes by the conversation's events or history.
 */
export interface ForPerson {
  conversationId: string;
  messageId: string;
  status: 'escalated' | 'agent';
}

/** What the chat route answers: the bot's answer, or the receipt of a message for a person. */
export type ChatResult = ChatResponse | ForPerson;

export const isForPerson = (result: ChatResult): result is ForPerson => 'status' in result;
