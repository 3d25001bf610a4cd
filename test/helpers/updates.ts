/**
 * Factories for Telegram updates fed to `bot.handleUpdate` in bot tests: text messages (with the
 * entities Telegram would add for commands and mentions), edits, stickers, callback queries,
 * inline queries and membership changes.
 */
import type { Chat, Message, MessageEntity, Update, User, UserFromGetMe } from 'grammy/types';

export const BOT_INFO: UserFromGetMe = {
  id: 4242,
  is_bot: true,
  first_name: 'Border Party Building',
  username: 'border_test_bot',
  can_join_groups: true,
  can_read_all_group_messages: false,
  supports_inline_queries: true,
  can_connect_to_business: false,
  has_main_web_app: false,
  has_topics_enabled: false,
  allows_users_to_create_topics: false,
  can_manage_bots: false,
  supports_join_request_queries: false,
};

/** A Simplified-Chinese-speaking user. */
export const USER: User = { id: 1001, is_bot: false, first_name: '李', language_code: 'zh-hans' };
export const privateChat = (user: User = USER): Chat.PrivateChat => ({
  id: user.id,
  type: 'private',
  first_name: user.first_name,
});
export const GROUP: Chat.SupergroupChat = { id: -1001234, type: 'supergroup', title: '边疆党建学习群' };

let updateId = 1;
let messageId = 1;

/** The entities Telegram marks in `text`: a leading bot command and @mentions. */
export function entitiesOf(text: string): MessageEntity[] {
  const entities: MessageEntity[] = [];
  const command = /^\/[A-Za-z0-9_]+(@\w+)?/.exec(text);
  if (command) entities.push({ type: 'bot_command', offset: 0, length: command[0].length });
  for (const m of text.matchAll(/@\w{3,}/g)) {
    if (command && m.index === command[0].indexOf('@')) continue;
    entities.push({ type: 'mention', offset: m.index, length: m[0].length });
  }
  return entities;
}

export interface MessageOptions {
  chat?: Chat;
  from?: User;
  /** The message this one replies to. */
  replyTo?: Message;
}

/** A message object (not yet an update). */
export function message(text: string, options: MessageOptions = {}): Message.TextMessage {
  const from = options.from ?? USER;
  const entities = entitiesOf(text);
  return {
    message_id: messageId++,
    date: Math.floor(Date.now() / 1000),
    chat: options.chat ?? privateChat(from),
    from,
    text,
    ...(entities.length ? { entities } : {}),
    ...(options.replyTo
      ? { reply_to_message: options.replyTo as Message & { reply_to_message: undefined } }
      : {}),
  } as Message.TextMessage;
}

/** An update carrying a new text message. */
export function textUpdate(text: string, options: MessageOptions = {}): Update {
  return { update_id: updateId++, message: message(text, options) } as Update;
}

/** An update carrying an edited text message. */
export function editedUpdate(text: string, options: MessageOptions = {}): Update {
  const msg = message(text, options);
  return { update_id: updateId++, edited_message: { ...msg, edit_date: msg.date + 5 } } as Update;
}

/** An update carrying a sticker. */
export function stickerUpdate(options: MessageOptions = {}): Update {
  const from = options.from ?? USER;
  return {
    update_id: updateId++,
    message: {
      message_id: messageId++,
      date: Math.floor(Date.now() / 1000),
      chat: options.chat ?? privateChat(from),
      from,
      sticker: {
        file_id: 'sticker-file',
        file_unique_id: 'sticker-unique',
        type: 'regular',
        width: 512,
        height: 512,
        is_animated: false,
        is_video: false,
      },
    },
  } as Update;
}

/** A message the bot sent earlier (for replies to it and for callback queries). */
export function botMessage(text: string, chat: Chat = privateChat(), id = messageId++): Message.TextMessage {
  return { message_id: id, date: Math.floor(Date.now() / 1000), chat, from: BOT_INFO, text };
}

/** A button press on one of the bot's messages. */
export function callbackUpdate(
  data: string,
  options: { from?: User; chat?: Chat; message?: Message } = {},
): Update {
  const from = options.from ?? USER;
  return {
    update_id: updateId++,
    callback_query: {
      id: `cbq-${updateId}`,
      from,
      chat_instance: 'instance-1',
      data,
      message: options.message ?? botMessage('…', options.chat ?? privateChat(from)),
    },
  };
}

/** An inline query `@bot query`. */
export function inlineUpdate(query: string, from: User = USER): Update {
  return { update_id: updateId++, inline_query: { id: `iq-${updateId}`, from, query, offset: '' } };
}

/** The bot's membership in `chat` changed to `status` (e.g. someone added it to a group). */
export function myChatMemberUpdate(chat: Chat, status: 'member' | 'left', from: User = USER): Update {
  return {
    update_id: updateId++,
    my_chat_member: {
      chat,
      from,
      date: Math.floor(Date.now() / 1000),
      old_chat_member: { status: status === 'member' ? 'left' : 'member', user: BOT_INFO },
      new_chat_member: { status, user: BOT_INFO },
    } as Update['my_chat_member'] & object,
  };
}
