import { describe, expect, it } from 'vitest';
import { newReplyText } from './reply-text.ts';

describe('newReplyText', () => {
  it('keeps what was written above Gmail’s attribution and drops the quote', () => {
    const body = [
      'Checkout was quick.',
      '',
      'On Mon, 3 Mar 2025 at 10:12, Heed Surveys <surveys@heed.example> wrote:',
      '',
      '> How likely are you to recommend us?',
      '> Reply with a number from 0 to 10.',
    ].join('\r\n');
    expect(newReplyText(body)).toBe('Checkout was quick.');
  });

  it('recognises an attribution wrapped over two lines', () => {
    const body = [
      'Fine, thanks.',
      '',
      'On Mon, 3 Mar 2025 at 10:12, Heed Customer Surveys <',
      'surveys@heed.example> wrote:',
      'How likely are you to recommend us?',
    ].join('\n');
    expect(newReplyText(body)).toBe('Fine, thanks.');
  });

  it('drops an Outlook header block and everything under it', () => {
    const body = [
      'Too slow on Mondays.',
      '',
      '________________________________',
      'From: Heed Surveys <surveys@heed.example>',
      'Sent: Monday, March 3, 2025 10:12 AM',
      'To: Grace <grace@example.com>',
      'Subject: How did we do?',
      '',
      'How likely are you to recommend us?',
    ].join('\n');
    expect(newReplyText(body)).toBe('Too slow on Mondays.');
  });

  it('drops everything from "-----Original Message-----" on', () => {
    const body = 'Please call me back.\n\n-----Original Message-----\nFrom: Heed\nSent: today\n\nHow was it?';
    expect(newReplyText(body)).toBe('Please call me back.');
  });

  it('drops the signature after "-- " and a phone’s "Sent from my iPhone"', () => {
    expect(newReplyText('Love the new reports!\n\n-- \nAda Lovelace\nAnalytical Engines Ltd')).toBe(
      'Love the new reports!',
    );
    expect(newReplyText('Love it.\n\nSent from my iPhone')).toBe('Love it.');
  });

  it('keeps answers written between quoted lines and removes the quoted lines', () => {
    const body = [
      '> How likely are you to recommend us?',
      '9',
      '> What could we do better?',
      'Faster support replies.',
    ].join('\n');
    expect(newReplyText(body)).toBe('9\nFaster support replies.');
  });

  it('keeps a line that merely mentions someone writing', () => {
    expect(newReplyText('On Monday your agent wrote back quickly.\nThanks!')).toBe(
      'On Monday your agent wrote back quickly.\nThanks!',
    );
  });

  it('is empty when the message is nothing but a quote', () => {
    expect(newReplyText('\n\nOn Tue, Ada wrote:\n> hello\n')).toBe('');
  });
});
