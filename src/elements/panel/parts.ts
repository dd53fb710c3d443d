// Every `::part()` name inside the panel. Kept apart from the elements so that `<opencx-chat>` can
// forward them (exportparts) without loading the panel before the visitor shows intent.

export const MESSAGE_PARTS = [
  'message',
  'bubble',
  'bubble-user',
  'bubble-assistant',
  'bubble-agent',
  'bubble-system',
  'meta',
  'agent-avatar',
  'status',
  'retry-button',
  'citations',
  'citation',
  'related',
  'related-article',
  'attachments',
  'attachment',
  'attachment-image',
  'attachment-file',
  'feedback',
  'feedback-button',
  'escalation-offer',
  'escalation-offer-button',
] as const;

export const COMPOSER_PARTS = [
  'composer',
  'input',
  'send-button',
  'stop-button',
  'counter',
  'attach-button',
  'attachment-chips',
  'attachment-chip',
  'attachment-remove-button',
  'attachment-progress',
] as const;

const FORM_PARTS = ['form-title', 'form-input', 'form-error', 'form-submit', 'form-cancel'] as const;

export const ESCALATION_PARTS = ['escalation-form', ...FORM_PARTS] as const;

export const CONTACT_PARTS = ['contact-form', ...FORM_PARTS] as const;

export const PANEL_PARTS = [
  'header',
  'avatar',
  'title',
  'escalate-button',
  'new-conversation-button',
  'close-button',
  'error',
  'messages',
  'earlier-button',
  'latest-button',
  'typing',
  'quick-replies',
  'quick-reply',
  'escalation-done',
  'picture-dialog',
  'picture-close-button',
  ...MESSAGE_PARTS,
  ...COMPOSER_PARTS,
  ...ESCALATION_PARTS,
  'contact-form',
] as const;
