// The lines a visitor reads when their conversation changes hands (stored as `system` messages,
// db/agent-actions.ts), in the widget's language (`npm run widget -- set <id> --language`), in
// the widget's eleven languages; English for any other.

type Lines = { joined: string; closed: string; bot: string };

const LINES: Record<string, Lines> = {
  en: {
    joined: '{name} joined the conversation.',
    closed: '{name} closed the conversation.',
    bot: 'The bot will answer from here.',
  },
  ar: { joined: 'انضم {name} إلى المحادثة.', closed: 'أغلق {name} المحادثة.', bot: 'سيجيب الروبوت من الآن.' },
  de: {
    joined: '{name} ist dem Gespräch beigetreten.',
    closed: '{name} hat das Gespräch beendet.',
    bot: 'Ab hier antwortet der Bot.',
  },
  es: {
    joined: '{name} se unió a la conversación.',
    closed: '{name} cerró la conversación.',
    bot: 'A partir de aquí responde el bot.',
  },
  fr: {
    joined: '{name} a rejoint la conversation.',
    closed: '{name} a clos la conversation.',
    bot: 'Le bot répondra désormais.',
  },
  he: { joined: '{name} הצטרף/ה לשיחה.', closed: '{name} סגר/ה את השיחה.', bot: 'מעכשיו הבוט יענה.' },
  it: {
    joined: '{name} si è unito alla conversazione.',
    closed: '{name} ha chiuso la conversazione.',
    bot: 'Da qui risponderà il bot.',
  },
  ja: {
    joined: '{name}が会話に参加しました。',
    closed: '{name}が会話を終了しました。',
    bot: 'ここからはボットが回答します。',
  },
  nl: {
    joined: '{name} neemt deel aan het gesprek.',
    closed: '{name} heeft het gesprek gesloten.',
    bot: 'Vanaf hier antwoordt de bot.',
  },
  pt: {
    joined: '{name} entrou na conversa.',
    closed: '{name} encerrou a conversa.',
    bot: 'A partir daqui, o bot responderá.',
  },
  zh: { joined: '{name} 加入了对话。', closed: '{name} 结束了对话。', bot: '接下来将由机器人回答。' },
};

/** The line for `change` in `language` (`pt-BR` reads as `pt`), with the agent's name. */
export function systemLine(change: keyof Lines, language: string, name: string): string {
  const lines = LINES[language] ?? LINES[language.split('-')[0]!.toLowerCase()] ?? LINES.en!;
  return lines[change].replace('{name}', name);
}
