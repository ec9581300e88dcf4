#!/usr/bin/env python3
"""Refreshes the verbatim file blocks of a doc: every `<!-- include: PATH -->` line is followed by a fenced block
holding PATH's text. Usage: scripts/include-docs.py docs/PLUGINS.md (PluginsDocTests checks the blocks)."""
import re, sys

FENCE = {'java': 'java', 'xml': 'xml'}

def render(doc):
    out, lines, i = [], doc.split('\n'), 0
    while i < len(lines):
        out.append(lines[i])
        m = re.match(r'^<!-- include: (\S+) -->$', lines[i])
        i += 1
        if m:
            if i < len(lines) and lines[i].startswith('```'):  # drop the old block
                i += 1
                while not lines[i].startswith('```'):
                    i += 1
                i += 1
            text = open(m.group(1), encoding='utf-8').read().rstrip('\n')
            out += ['```' + FENCE.get(m.group(1).rsplit('.', 1)[-1], ''), text, '```']
    return '\n'.join(out)

for path in sys.argv[1:]:
    with open(path, encoding='utf-8') as f:
        doc = f.read()
    with open(path, 'w', encoding='utf-8') as f:
        f.write(render(doc))
