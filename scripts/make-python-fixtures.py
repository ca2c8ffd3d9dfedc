#!/usr/bin/env python3
"""Generates the Python-written fixtures that pin mailtrail's Python-compatibility code.

mailtrail must read and write exactly what the CrowdStrike retriever (a Python 3 script) wrote:
CustomProperties as ``str(dict)`` and the CSV through ``csv.DictWriter``. Rather than trusting
our reading of CPython, this script asks Python itself and stores its answers:

* test/fixtures/python-repr/cases.json: tricky dicts (as ordered [key, value] pairs, JSON-safe)
  and ``repr(d)`` of each.
* test/fixtures/python-repr/printable.json: for every code point, whether ``str.isprintable()``
  holds (as ranges of non-printable code points), plus the unassigned (Cn) ranges of this
  Python's Unicode database, so tests can tell version differences from real mismatches.
* test/fixtures/activities-files/activities.json: wire activities (a bare JSON array).
* test/fixtures/activities-files/activities.csv: the same activities written the way the
  retriever wrote them (activities-api.md section 6.1): ``utf-8-sig``, ``lineterminator='\\n'``,
  ``extrasaction='ignore'``, rows are ``vars(activity)``.

All data is synthetic. Run from the repository root: ``python3 scripts/make-python-fixtures.py``.
The output is deterministic; commit it.
"""

import csv
import json
import os
import sys
import unicodedata

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
REPR_DIR = os.path.join(ROOT, 'test', 'fixtures', 'python-repr')
FILES_DIR = os.path.join(ROOT, 'test', 'fixtures', 'activities-files')

PROPERTIES = [
    'TimeStamp',
    'AppIdType',
    'ActivityIdType',
    'ActivityItemId',
    'ActivityCreationTime',
    'ClientSessionId',
    'CustomProperties',
]

UA = ('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) '
      'Chrome/67.0.3396.87 Safari/537.36')

# Strings that exercise every branch of CPython's unicode_repr.
TRICKY_STRINGS = {
    'plain': 'Success',
    'empty': '',
    'space': ' ',
    'single_quote': "Don't pay, wire now",
    'double_quote': 'He said "pay"',
    'both_quotes': 'Don\'t say "pay"',
    'only_single': "'",
    'only_double': '"',
    'comma_semicolon': 'a@contoso.example; b@contoso.example, c',
    'tab_newline_cr': 'line1\nline2\r\nx\ty',
    'backslash': 'C:\\Users\\victim\\n',
    'backslash_quote': "\\'",
    'nul_and_controls': 'a\x00b\x01c\x07d\x08e\x0bf\x0cg\x1bh\x1fi\x7fj',
    'c1_controls': '\x80\x85\x9f',
    'latin1': 'café Ünïcödé ß ÿ ¡¿ «»',
    'nbsp_shy': 'no\xa0break soft\xadhyphen',
    'cjk': '請求書の支払い 发票 인보이스',
    'rtl': 'فاتورة עברית \u200f\u200e',
    'emoji': 'pay now 💰😀',
    'zwj_family': '👨\u200d👩\u200d👧\u200d👦',
    'flag_and_skin': '🇫🇷👍🏽',
    'zero_width': 'a\u200bb\u200cc\u200dd\u2060e',
    'line_para_sep': 'x\u2028y\u2029z',
    'bom_inside': '\ufeffbom',
    'spaces_unicode': '\u1680\u2000\u2003\u200a\u202f\u205f\u3000',
    'private_use': '\ue000\uf8ff\U000f0000\U0010fffd',
    'unassigned': '\u0378\uffff\U0010ffff\U000e0080',
    'tag_chars': '\U000e0001\U000e0041',
    'lone_surrogates': '\ud800x\udfff\udbff',
    'combining': 'e\u0301 a\u0308',
    'format_chars': '\u061c\u180e\u2066\u2069\ufff9',
    'long_ua': UA,
    'dict_like': "{'a': 1}",
    'trailing_space': 'trail ',
}


def sweep_string(lo, hi):
    """All code points in [lo, hi), as one string (surrogates included)."""
    return ''.join(chr(c) for c in range(lo, hi))


def repr_cases():
    cases = []
    for name, s in TRICKY_STRINGS.items():
        cases.append({'name': 'value:' + name, 'pairs': [['v', s]]})
        cases.append({'name': 'key:' + name, 'pairs': [[s, 'v']]})
    cases.append({'name': 'empty dict', 'pairs': []})
    cases.append({'name': 'scalars', 'pairs': [
        ['t', True], ['f', False], ['n', None], ['zero', 0], ['neg', -42],
        ['big', 12345678901234], ['half', 0.5], ['tiny', 1e-05], ['small', 0.0001],
        ['pi', 3.141592653589793], ['neg_float', -2.5], ['exp', 1.5e-07], ['third', 1 / 3],
    ]})
    cases.append({'name': 'all tricky values in one dict',
                  'pairs': [[k, v] for k, v in TRICKY_STRINGS.items()]})
    cases.append({'name': 'server logon', 'pairs': [
        ['Result', 'Success'], ['UserName', 'victim@contoso.example'], ['ClientIP', '203.0.113.7'],
        ['UserAgent', UA], ['ExceptionInfo', ''],
    ]})
    for lo in range(0, 0x800, 0x80):
        cases.append({'name': 'sweep U+%04X..U+%04X' % (lo, lo + 0x7f),
                      'pairs': [['s', sweep_string(lo, lo + 0x80)]]})
    for lo in (0x2000, 0x2060, 0xD7F0, 0xDFF0, 0xFEF0, 0xFFF0, 0x1F300, 0xE0000, 0x10FFF0):
        cases.append({'name': 'sweep U+%04X..U+%04X' % (lo, lo + 0x0f),
                      'pairs': [['s', sweep_string(lo, lo + 0x10)]]})
    for case in cases:
        case['repr'] = repr(dict((k, v) for k, v in case['pairs']))
    # Duplicate keys in a dict display: last value wins, first position kept.
    dup = {'name': 'duplicate keys', 'pairs': [['a', '1'], ['b', '2'], ['a', '3']]}
    d = {}
    for k, v in dup['pairs']:
        d[k] = v
    dup['repr'] = repr(d)
    cases.append(dup)
    return cases


def ranges(pred):
    out, start = [], None
    for c in range(0x110000):
        if pred(c):
            if start is None:
                start = c
        elif start is not None:
            out.append([start, c - 1])
            start = None
    if start is not None:
        out.append([start, 0x10ffff])
    return out


def printable_table():
    return {
        'python': sys.version.split()[0],
        'unicode': unicodedata.unidata_version,
        'nonPrintable': ranges(lambda c: not chr(c).isprintable()),
        'unassigned': ranges(lambda c: unicodedata.category(chr(c)) == 'Cn'),
    }


def cp(*pairs):
    return [{'Name': n, 'Value': v} for n, v in pairs]


def activity(ts, app, typ, item, session, props, **extra):
    a = {
        'Id': 'AAMkAD' + ts.replace(':', '').replace('-', '').replace('.', ''),
        'TimeStamp': ts,
        'AppIdType': app,
        'ActivityIdType': typ,
        'ActivityItemId': item,
        'ActivityCreationTime': ts[:-1] + '9Z' if ts.endswith('Z') else ts,
        'ClientSessionId': session,
    }
    if props is not ...:
        a['CustomProperties'] = props
    a.update(extra)
    return a


def activities():
    s1 = 'a3f1c2e4-5b6d-4e7f-8a9b-0c1d2e3f4a5b'
    s2 = '7d0e8f9a-1b2c-4d3e-9f4a-5b6c7d8e9f01'
    item = 'AAMkADY0ZjA3NTI4LTc5ZmItNGI4Ny1hZjQ1LWU2ZDk2YzQ0ZmQ2NgBGAAAAAAB='
    out = [
        activity('2018-06-12T09:21:03.402Z', 'Outlook', 'ServerLogon', None, s1, cp(
            ('Result', 'Success'), ('UserName', 'victim@contoso.example'),
            ('ClientIP', '203.0.113.7'), ('UserAgent', UA), ('ExceptionInfo', ''))),
        activity('2018-06-12T09:21:04.000Z', 'Web', 'Logon', '', s1, cp(
            ('IPAddress', '198.51.100.23'), ('Browser', UA), ('Flights', 'a,b,c'))),
        activity('2018-06-12T09:22:00.100Z', 'Exchange', 'MessageDelivered', item, s2, cp(
            ('Subject', "Don't pay, wire now"), ('SenderSmtpAddress', 'ceo@fabrikam.example'),
            ('ReceivedTime', '6/12/2018 9:22:00 AM'), ('InternetMessageId', '<a1@fabrikam.example>'),
            ('Recipients', 'ap@contoso.example;cfo@contoso.example'), ('DeliveredFolderType', 'Inbox'))),
        activity('2018-06-12T09:22:01.000Z', 'Exchange', 'MessageDelivered', item, s2, cp(
            ('Subject', 'Re: "Urgent" it\'s overdue'), ('From', 'x@fabrikam.example'))),
        activity('2018-06-12T09:22:02.000Z', 'Exchange', 'MessageDelivered', item, s2, cp(
            ('Subject', '請求書 💰 فاتورة 👨\u200d👩\u200d👧'), ('Note', 'tab\there\nnew\rcr\\back'))),
        activity('2018-06-12T09:22:03.000Z', 'Web', 'SearchSuggestionsDisplay', None, s1,
                 cp(('SuggestionStimulus', 'inv'))),
        activity('2018-06-12T09:22:04.000Z', 'Web', 'SearchSuggestionsDisplay', None, s1,
                 cp(('SuggestionStimulus', 'in, v'))),
        activity('2018-06-12T09:22:05.000Z', 'Web', 'SearchResult', None, s1, cp(
            ('Query', 'invoice'), ('Sid', 'b9c8d7e6-0000-4000-8000-000000000001'), ('Trunc', True),
            ('MaxRes', 25), ('Score', 0.75), ('Missing', None), ('Flag', False))),
        activity('2018-06-12T09:22:06.000Z', 'Web', 'ReadingPaneDisplayStart', item, s1, cp(
            ('IsConversation', '0'), ('IsConversation', '1'), ('SelectedFolderName', 'Inbox'),
            ('IsConversation', '2'))),
        activity('2018-06-12T09:22:07.000Z', 'Web', 'ReadingPaneDisplayEnd', item, s1, []),
        activity('2018-06-12T09:22:08.000Z', 'Web', 'LinkClicked', item, s1, ...),
        activity('2018-06-12T09:22:09.000Z', 'Web', 'LinkClicked', item, s1, None),
        activity('2018-06-12T09:22:10.000Z', 'Web', 'Delete', None, s1, cp(
            ('DeleteType', 'MoveToDeletedItems'), ('Empty', ''), ('Ctl', 'nul\x00bell\x07del\x7f'),
            ('Odd', '\u2028\ufeff\u00ad\u200b\xa0'), ('Lone', 'hi\ud800there'))),
        activity('2018-06-12T09:22:11.000Z', 'Client=OWA;Action=ViaProxy', 'Move', item, s1, cp(
            ('SourceFolder', 'Inbox'), ('TargetFolder', 'DeletedItems'))),
        activity('2018-06-12T09:22:12.000Z', 'Web', 'Forward', item, 'session, "odd"', cp(
            ('SelectedFolderName', 'Inbox'))),
        activity('2018-06-12T09:22:13.000Z', 'Web', 'Reply', item, 'multi\nline', cp(
            ('SelectedFolderName', 'Posteingang'))),
        activity('2018-06-12T09:22:14.000Z', 'Other', 'ServerLogon', None, s2, cp(
            ('UserName', 'Victim@Contoso.example'), ('ClientIP', '2001:db8::1'),
            ('UserAgent', ' leading and trailing '), ("Na'me", 'v"a\'l'))),
        activity('2018-06-12T09:22:15.000Z', 'Outlook', 'MarkAsRead', item, s2, cp(
            ('ReceivedTime', '6/12/2018 9:22:00 AM'), ('SenderAddress', 'ceo@fabrikam.example'),
            ('SourceFolder', 'Inbox'), ('ItemClass', 'IPM.Note')), ClientVersion='16.0'),
    ]
    return out


class Activity:
    """The retriever's record wrapper as described in activities-api.md section 6.1."""

    def __init__(self, data):
        self.__dict__.update(data)
        custom = self.__dict__.pop('CustomProperties', None)
        if custom:
            self.CustomProperties = {prop['Name']: prop['Value'] for prop in custom}


def write_json(path, value):
    with open(path, 'w', encoding='ascii', newline='\n') as f:
        json.dump(value, f, ensure_ascii=True, indent=1)
        f.write('\n')


def main():
    os.makedirs(REPR_DIR, exist_ok=True)
    os.makedirs(FILES_DIR, exist_ok=True)
    write_json(os.path.join(REPR_DIR, 'cases.json'),
               {'python': sys.version.split()[0], 'cases': repr_cases()})
    write_json(os.path.join(REPR_DIR, 'printable.json'), printable_table())
    acts = activities()
    write_json(os.path.join(FILES_DIR, 'activities.json'), acts)
    # Round-trip through json like requests' .json() did, then write as the retriever did.
    wire = json.loads(json.dumps(acts))
    with open(os.path.join(FILES_DIR, 'activities.csv'), 'w', encoding='utf-8-sig', newline='') as f:
        writer = csv.DictWriter(f, extrasaction='ignore', fieldnames=PROPERTIES, lineterminator='\n')
        writer.writeheader()
        for a in wire:
            writer.writerow(vars(Activity(a)))


if __name__ == '__main__':
    main()
