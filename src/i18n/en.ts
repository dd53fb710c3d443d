import type { CountText } from './count.js';
import { launcherEn } from './launcher.js';

/**
 * Every string the widget shows or announces. `{name}`-style placeholders are filled at run time;
 * the texts of counts (`CountKey`) have a form per plural category of the language.
 */
export const en = {
  chatTitle: 'Support',
  openChat: launcherEn.openChat,
  closeChat: launcherEn.closeChat,
  newConversation: 'New conversation',
  conversationLabel: 'Conversation',
  /** The button above a long conversation's first shown message. */
  earlierMessages: 'Show earlier messages',
  /** The button that scrolls back down to the newest message. */
  latestMessage: 'Go to the latest message',
  placeholder: 'Ask a question…',
  messageLabel: 'Your message',
  send: 'Send',
  charactersLeft: { one: '{count} character left', other: '{count} characters left' },
  typing: '{name} is typing…',
  you: 'You',
  assistant: 'Assistant',
  agent: 'Support agent',
  system: 'Notice',
  sending: 'Sending…',
  notSent: 'Not sent.',
  retry: 'Retry',
  waitingOffline: 'Waiting for a connection. It will be sent when you’re back online.',
  waitingRateLimited: 'Too many messages at once. It will be sent in a moment.',
  waitingRetry: 'Not sent yet. Trying again…',
  stopAnswer: 'Stop answering',
  answerStopped: 'Stopped.',
  answerInterrupted: 'Connection lost. Trying again…',
  sources: 'Sources',
  attachments: 'Attachments',
  attachFile: 'Attach a file',
  removeFile: 'Remove',
  uploading: 'Uploading…',
  fileTooLarge: 'Too large to send.',
  fileTypeNotAllowed: 'This kind of file cannot be sent.',
  fileQuota: 'No more files can be sent for now.',
  fileNotUploaded: 'Could not be uploaded.',
  tooManyFiles: 'Too many files for one message.',
  closePicture: 'Close',
  related: 'Related articles',
  opensInNewTab: '(opens in a new tab)',
  helpful: 'Helpful',
  notHelpful: 'Not helpful',
  feedbackThanks: 'Thanks for your feedback!',
  refusedOffer: 'I’m not sure about this one. Would you like to talk to a person?',
  talkToHuman: 'Talk to a person',
  suggestions: 'Suggested questions',
  unread: { one: '{count} unread message', other: '{count} unread messages' },
  newAnswer: 'New answer from {name}',
  errorConfiguration: 'This chat isn’t set up correctly yet.',
  errorConnection: 'We can’t reach the chat right now. Please try again in a moment.',
  errorUnavailable: 'This chat isn’t available.',
  errorForbidden: 'This chat isn’t available on this website.',
  errorRateLimited: 'You’re sending messages too quickly. Please wait a moment.',
  escalationTitle: 'Talk to a person',
  escalationIntro: 'Leave your email and a short message. A person will reply here or by email.',
  emailLabel: 'Email',
  escalationMessageLabel: 'How can we help?',
  submit: 'Send',
  cancel: 'Cancel',
  escalationDone: 'Thanks! A person will get back to you soon.',
  invalidEmail: 'Enter a valid email address.',
  requiredField: 'This field is required.',
  contactTitle: 'Before we start',
  contactIntro: 'Tell us how to reach you.',
  nameLabel: 'Name',
  skip: 'Skip',
  start: 'Start chatting',
};

/** The keys whose text depends on a count: a `CountText` each, filled in with `countText`. */
export type CountKey = 'charactersLeft' | 'unread';

/** The strings of one language: a `CountText` for each `CountKey`, a string for every other key. */
export type Translation = { [K in keyof typeof en]: K extends CountKey ? CountText : string };
