import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { botCommands } from '../../src/bot/index.js';
import { chooseLang, langFromCode, t } from '../../src/answer/strings/ui.js';

describe('language choice', () => {
  it('follows the client language when the text does not tell', () => {
    assert.equal(langFromCode(undefined), 'zh-Hans');
    assert.equal(langFromCode('zh-hans'), 'zh-Hans');
    assert.equal(langFromCode('zh-TW'), 'zh-Hant');
    assert.equal(langFromCode('zh-hk'), 'zh-Hant');
    assert.equal(langFromCode('zh-Hant'), 'zh-Hant');
    assert.equal(langFromCode('en-GB'), 'en');
    assert.equal(langFromCode('ru'), 'zh-Hans');
    assert.equal(chooseLang('en', '/start'), 'en', 'a bare command says nothing about the language');
    assert.equal(chooseLang('zh-TW', 'ok'), 'zh-Hant');
  });

  it('what the user writes wins over the client language', () => {
    assert.equal(chooseLang('en', '勐腊县社区干部每月补助多少?'), 'zh-Hans');
    assert.equal(chooseLang(undefined, '陳巴爾虎旗如何安排牧民黨員的集中培訓時間?'), 'zh-Hant');
    assert.equal(chooseLang('zh-hans', 'What did Hulunbuir do?'), 'en');
    assert.equal(chooseLang('en', '/ask 小中甸镇建立了几个为民服务站?'), 'zh-Hans');
  });
});

describe('UI strings', () => {
  it('exist in all three languages, Traditional derived from Simplified', () => {
    assert.equal(t('zh-Hans', 'sourcesHeading'), '出处');
    assert.equal(t('zh-Hant', 'sourcesHeading'), '出處');
    assert.equal(t('en', 'sourcesHeading'), 'Sources');
    assert.equal(t('zh-Hant', 'tooLong', 500, 5000), '問題太長了(5000 字),請控制在 500 字以內。');
    assert.match(t('en', 'tooLong', 500, 5000), /5000.*500/);
  });

  it('one source label everywhere, and the outlet field never reads like it', () => {
    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      const sources = t(lang, 'sourcesHeading');
      assert.notEqual(t(lang, 'outlet'), sources);
      assert.ok(t(lang, 'cmdSources').includes(sources === 'Sources' ? 'Sources' : sources));
      assert.ok(t(lang, 'openingSource', 3).includes(sources === 'Sources' ? 'Source' : sources));
    }
    assert.doesNotMatch(t('zh-Hans', 'outlet'), /来源|出处/);
  });

  it('a key that is not in the table is an error, not an inherited property', () => {
    assert.throws(() => t('zh-Hans', 'constructor' as 'intro'), /no string/);
    assert.throws(() => t('en', '__proto__' as 'intro'), /no string/);
  });

  it('the command list fits Telegram’s rules in every language', () => {
    for (const lang of ['zh-Hans', 'zh-Hant', 'en'] as const) {
      const commands = botCommands(lang);
      assert.ok(commands.some((c) => c.command === 'region'));
      for (const c of commands) {
        assert.match(c.command, /^[a-z0-9_]{1,32}$/);
        assert.ok(c.description.length >= 1 && c.description.length <= 256);
      }
    }
    assert.ok(!botCommands().some((c) => c.command === 'reindex'), 'admin commands are not advertised');
  });
});
