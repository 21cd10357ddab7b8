#!/usr/bin/env python3
"""Writes mastodon.json, the demo instance's data. Deterministic: same output every run.

Run from this folder: python3 generate.py
The timestamps end at NEWEST; `skua --demo` shifts them so the newest post is a minute old.
"""
import json
import random
from datetime import datetime, timedelta, timezone
from html import escape

random.seed(20261122)
HOST = "skua.example"
NEWEST = datetime(2026, 11, 20, 12, 0, 0, tzinfo=timezone.utc)

ACCOUNTS = [
    # username, host (None = local), display name, bot
    ("demo", None, "Demo User", False),
    ("alice", None, "Alice Nakamura", False),
    ("bob", None, "Bob 🚲", False),
    ("carol", "fosstodon.example", "Carol :rustacean:", False),
    ("dmitri", "mastodon.example", "Dmitri Volkov", False),
    ("erin", None, "Erin O'Connor", False),
    ("fatima", "social.example", "Fatima Zahra", False),
    ("gen", "mstdn.example.jp", "源 ゲン", False),
    ("hana", "mstdn.example.jp", "花子 🌸", False),
    ("ivan", None, "Ivan", False),
    ("jun", "weibo-like.example", "李军", False),
    ("kim", "k.example", "김민준", False),
    ("lena", "photog.example", "Lena Fischer 📷", False),
    ("marco", None, "Marco Rossi", False),
    ("nadia", "hachyderm.example", "Nadia Petrova", False),
    ("oscar", None, "Oscar", False),
    ("weatherbot", None, "Weather Bot ⛅", True),
    ("newsbot", "news.example", "Morning Headlines", True),
    ("priya", "tech.example", "Priya Sharma", False),
    ("quinn", None, "Quinn 🏳️‍🌈", False),
    ("rust_lang", "fosstodon.example", "Rust Language", False),
    ("sora", "mstdn.example.jp", "空 そら", False),
    ("tomas", "mastodon.example", "Tomás García", False),
    ("uma", None, "Uma Iyer", False),
]


def acct(username, host):
    return username if host is None else f"{username}@{host}"


def profile_url(username, host):
    return f"https://{host or HOST}/@{username}"


accounts = []
for index, (username, host, name, bot) in enumerate(ACCOUNTS):
    accounts.append({
        "id": str(100000 + index),
        "username": username,
        "acct": acct(username, host),
        "display_name": name,
        "url": profile_url(username, host),
        "bot": bot,
        "avatar": f"https://{HOST}/avatars/{username}.png",
        "note": "",
        "emojis": [],
    })
by_name = {a["username"]: a for a in accounts}


def mention(username):
    a = by_name[username]
    host = a["acct"].split("@")[1] if "@" in a["acct"] else HOST
    return (f'<span class="h-card"><a href="https://{host}/@{username}" class="u-url mention">'
            f'@<span>{username}</span></a></span>')


def hashtag(tag):
    return f'<a href="https://{HOST}/tags/{tag}" class="mention hashtag" rel="tag">#<span>{tag}</span></a>'


def link(url):
    scheme, rest = url.split("://", 1)
    shown, hidden = rest[:30], rest[30:]
    inner = f'<span class="invisible">{scheme}://</span>'
    inner += f'<span class="{"ellipsis" if hidden else ""}">{escape(shown)}</span>'
    inner += f'<span class="invisible">{escape(hidden)}</span>'
    return f'<a href="{escape(url)}" target="_blank" rel="nofollow noopener noreferrer">{inner}</a>'


# (text with {m:user} {t:tag} {l:url} placeholders, tags)
POSTS = [
    ("Finally moved my dotfiles to a proper repo. Why did I wait so long? {t:dotfiles}", []),
    ("Morning ride along the river: 42 km, two herons, one very confused duck. {t:cycling}", []),
    ("Hot take: a fast terminal client beats a slow web app every single time. {t:terminal}", []),
    ("Reading {l:https://blog.example.org/2026/11/why-async-rust-is-fine-actually-a-long-read} and nodding along. {t:rust}", []),
    ("Sourdough attempt number 7. It rose! It actually rose! 🍞🎉 {t:baking}", []),
    ("{m:alice} did you ever get that keyboard firmware working?", []),
    ("Reminder that alt text is for everyone. Describe your images, folks. {t:accessibility}", []),
    ("New blog post: notes from a week without a mouse. {l:https://erin.example/notes/week-without-a-mouse}", []),
    ("Today I learned that `git worktree` exists and my life is better now. {t:git}", []),
    ("Coffee count: 3 ☕☕☕. Productivity: questionable.", []),
    ("The autumn light this afternoon was unreal. {t:photography}", []),
    ("Anyone have recommendations for a good mechanical keyboard under 100€? {t:keyboards}", []),
    ("Released v0.4 of my little parser crate: faster, smaller, and now with error recovery. {t:rust} {t:opensource}", []),
    ("{m:bob} {m:carol} dinner on Friday? I'll bring the dumplings 🥟", []),
    ("Quiet Sunday. Tea, a book, rain on the window. 📚", []),
    ("Our meetup is back! Thursday 19:00, usual place. Bring stickers. {t:meetup}", []),
    ("Just discovered my cat has been sleeping in the laundry basket all week. Explains a lot. 🐈", []),
    ("If your CI takes 40 minutes, your CI is your product manager now.", []),
    ("The fediverse is what social media feels like when nobody is trying to sell you anything.", []),
    ("Planted garlic for next year. Future me will be grateful. {t:gardening}", []),
    ("Thread-safe doesn't mean bug-free, it just means the bugs are better dressed.", []),
    ("Watching the sunrise from the train. Commuting has its moments. 🌅", []),
    ("Started learning Japanese again. 今日は雨です。 {t:japanese}", []),
    ("PSA: back up your data. Then check that the backup restores. Then do it again next month.", []),
    ("Made {l:https://recipes.example.net/soup/roasted-pumpkin-with-ginger-and-coconut-milk} tonight. 10/10 would soup again. {t:cooking}", []),
    ("Reading list for the winter: three novels, one history book, and the Rust reference (for fun?!)", []),
    ("Pro tip: `Ctrl-Z` then `fg` is the original multitasking. {t:terminal} {t:unix}", []),
    ("{m:dmitri} that benchmark is measuring the allocator, not your code 😅", []),
    ("Small joys: a commit that removes more lines than it adds.", []),
    ("Concert tonight was incredible. My ears are still ringing. 🎸 {t:music}", []),
]

CJK_POSTS = [
    ("今日は紅葉を見に京都へ行きました。とても綺麗でした！🍁 {t:紅葉} {t:京都}", []),
    ("新しいターミナルクライアントを試しています。キーボードだけで全部できるのが最高。", []),
    ("週末はラーメン屋巡り。味噌ラーメンが一番好きです 🍜 {t:ラーメン}", []),
    ("今天天气很好，去公园散步了。秋天的颜色真美。🍂", []),
    ("终于把项目的测试全部跑通了，可以安心睡觉了 😴 {t:编程}", []),
    ("오늘 처음으로 김치를 직접 담갔어요! 맛있게 익었으면 좋겠다 🥬", []),
    ("朝のコーヒーと、静かな時間。☕ 今日も一日がんばりましょう。", []),
    ("猫が膝の上で寝てしまって動けない。幸せな問題です 🐱", []),
    ("日本語と English を混ぜて書くと、折り返しがどうなるかテストしています。This line is intentionally long to wrap.", []),
    ("東京は今日も雨。傘を忘れた人たちが駅で雨宿りしている ☔", []),
]

CWS = [
    ("spoilers: the new season finale", "I cannot believe they killed off the detective in the last five minutes. The whole season was building up to that reveal and I am still not okay."),
    ("food", "Tried the ghost pepper challenge at the new place downtown. Would not recommend. My soul left my body for a moment. 🌶️🔥"),
    ("politics (local)", "The city council finally approved the new bike lanes. Took three years of meetings but we got there. {t:cycling}"),
    ("eye contact", "New profile picture! Took about forty tries to get one where I don't look surprised."),
    ("mental health", "Rough week. Taking a few days offline. Be kind to yourselves, friends. 💙"),
    ("long rant about build systems", "Every build system eventually becomes a bad programming language. Every programming language eventually grows a bad build system. This is the circle of life."),
]

IMAGE_ALTS = [
    "A heron standing in shallow water at dawn, mist rising from the river behind it.",
    "A loaf of sourdough bread with a deep ear, sliced open to show an airy crumb.",
    "A cat curled up asleep in a wicker laundry basket full of towels.",
    "Red and orange maple leaves over a wooden temple roof.",
    None,
    "A screenshot of a terminal showing a timeline of posts with coloured names.",
    "A mechanical keyboard with blank keycaps on a wooden desk, next to a mug of tea.",
    "Rain-streaked train window with blurred city lights behind it.",
]

LONG_POST = (
    "<p>Some notes after a year of running a small Mastodon server for friends:</p>"
    "<ol><li>Moderation is the actual job. The software is the easy part.</li>"
    "<li>Backups: automate them, then test restoring. Twice.</li>"
    "<li>Object storage costs creep up. Set up media cleanup early.</li></ol>"
    "<p>What surprised me most:</p>"
    "<blockquote><p>People are lovely when the space is small enough that everyone knows the admin.</p></blockquote>"
    "<p>The config I use for the cleanup job:</p>"
    "<pre><code>tootctl media remove --days 7\ntootctl preview_cards remove --days 14</code></pre>"
    "<p>Would I do it again? <strong>Absolutely.</strong> Would I recommend it? <em>Only if you like people.</em></p>"
    f"<p>{hashtag('selfhosting')} {hashtag('mastodon')}</p>"
)

THREAD = [
    "A thread about why I love plain text 🧵 1/8",
    "2/8 Plain text outlives every app. My notes from 2009 still open in anything.",
    "3/8 Plain text is diffable. Version control just works.",
    "4/8 Plain text is greppable. Search is a solved problem when your data is text.",
    "5/8 Plain text is accessible. Screen readers love it.",
    "6/8 Plain text is small. My whole archive fits on a floppy. Well, almost.",
    "7/8 Plain text is yours. No export button needed.",
    "8/8 So yes: write things down, in plain text, and they will still be there in 20 years. /end",
]

WEATHER = ["☀️ Sunny, 14°C", "🌧️ Rain, 9°C", "⛅ Partly cloudy, 11°C", "🌫️ Fog, 6°C", "❄️ Light snow, -1°C"]
NEWS = [
    "City opens three new libraries in the northern districts",
    "Researchers publish open dataset of urban bird songs",
    "Regional trains to run every 15 minutes from next month",
    "Community garden project wins national award",
]


def render(text):
    out = []
    for paragraph in text.split("\n\n"):
        parts = []
        for word in paragraph.split(" "):
            if word.startswith("{m:") and word.endswith("}"):
                parts.append(mention(word[3:-1]))
            elif word.startswith("{t:") and word.endswith("}"):
                parts.append(hashtag(word[3:-1]))
            elif word.startswith("{l:") and word.endswith("}"):
                parts.append(link(word[3:-1]))
            elif word.startswith("{t:") and "}" in word:
                tag, rest = word[3:].split("}", 1)
                parts.append(hashtag(tag) + escape(rest))
            else:
                parts.append(escape(word))
        out.append("<p>" + " ".join(parts) + "</p>")
    return "".join(out)


def tags_of(text):
    tags = []
    for word in text.split(" "):
        if word.startswith("{t:"):
            tags.append(word[3:].split("}")[0])
    return tags


def mentions_of(text):
    found = []
    for word in text.split(" "):
        if word.startswith("{m:"):
            a = by_name[word[3:-1]]
            found.append({"id": a["id"], "username": a["username"], "acct": a["acct"], "url": a["url"]})
    return found


statuses = []
moment = NEWEST - timedelta(days=4)
sequence = 0


def next_id_and_time():
    global moment, sequence
    moment += timedelta(seconds=random.randint(60, 1500))
    sequence += 1
    millis = int(moment.timestamp() * 1000)
    return str((millis << 16) | sequence), moment.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def media(kind, alt):
    ident = str(random.randint(10**8, 10**9))
    ext = {"image": "jpg", "video": "mp4", "gifv": "mp4", "audio": "mp3"}[kind]
    return {"id": ident, "type": kind, "url": f"https://{HOST}/media/{ident}.{ext}",
            "preview_url": f"https://{HOST}/media/{ident}_small.jpg", "description": alt}


def make_status(author, html, tags=(), mentions=(), spoiler="", attachments=(), reply_to=None, visibility="public"):
    ident, created = next_id_and_time()
    a = by_name[author]
    status = {
        "id": ident,
        "created_at": created,
        "account": a["id"],
        "visibility": visibility,
        "sensitive": bool(spoiler),
        "spoiler_text": spoiler,
        "content": html,
        "url": f"{a['url']}/{ident}",
        "uri": f"{a['url']}/statuses/{ident}",
        "replies_count": random.choice([0, 0, 0, 1, 2, 3, 5, 12]),
        "reblogs_count": random.choice([0, 0, 1, 2, 4, 8, 31]),
        "favourites_count": random.choice([0, 1, 2, 3, 7, 15, 42, 108]),
        "in_reply_to_id": reply_to[0] if reply_to else None,
        "in_reply_to_account_id": reply_to[1] if reply_to else None,
        "reblog": None,
        "media_attachments": list(attachments),
        "mentions": list(mentions),
        "tags": [{"name": t, "url": f"https://{HOST}/tags/{t}"} for t in tags],
        "emojis": [],
    }
    statuses.append(status)
    return status


def boost(booster, original):
    ident, created = next_id_and_time()
    statuses.append({
        "id": ident, "created_at": created, "account": by_name[booster]["id"], "visibility": "public",
        "sensitive": False, "spoiler_text": "", "content": "", "url": None, "uri": None,
        "replies_count": 0, "reblogs_count": 0, "favourites_count": 0, "in_reply_to_id": None,
        "in_reply_to_account_id": None, "reblog": original["id"], "media_attachments": [],
        "mentions": [], "tags": [], "emojis": [],
    })


people = [a[0] for a in ACCOUNTS if not a[3] and a[0] != "demo"]
cjk_people = ["gen", "hana", "sora", "jun", "kim", "alice"]
thread_at = {60, 200}
long_at = {30, 150, 260}

for step in range(330):
    roll = random.random()
    if step in thread_at:
        author = random.choice(["erin", "nadia"])
        parent = None
        for line in THREAD:
            s = make_status(author, render(line), reply_to=(parent["id"], parent["account"]) if parent else None,
                            visibility="public" if parent is None else "unlisted")
            parent = s
        continue
    if step in long_at:
        make_status("marco", LONG_POST, tags=["selfhosting", "mastodon"])
        continue
    if step % 37 == 5:
        make_status("weatherbot", render(f"Forecast for today: {random.choice(WEATHER)}. {{t:weather}}"), tags=["weather"])
        continue
    if step % 29 == 7:
        headline = random.choice(NEWS)
        make_status("newsbot", render(f"{headline} {{l:https://news.example/articles/{step}-{headline.lower().replace(' ', '-')}}}"))
        continue
    if roll < 0.14 and statuses:
        originals = [s for s in statuses if s["reblog"] is None and s["visibility"] == "public"]
        boost(random.choice(people), random.choice(originals[-60:]))
        continue
    if roll < 0.22:
        title, body = random.choice(CWS)
        attachments = [media("image", random.choice(IMAGE_ALTS[:4]))] if random.random() < 0.3 else []
        make_status(random.choice(people), render(body), tags=tags_of(body), spoiler=title, attachments=attachments)
        continue
    if roll < 0.38:
        text, _ = random.choice(CJK_POSTS)
        make_status(random.choice(cjk_people), render(text), tags=tags_of(text))
        continue
    text, _ = random.choice(POSTS)
    attachments = []
    if random.random() < 0.2:
        kind = random.choice(["image", "image", "image", "video", "gifv", "audio"])
        alt = random.choice(IMAGE_ALTS) if kind == "image" else {"video": "A short clip of waves on a pebble beach.",
                                                                  "gifv": None, "audio": "Birdsong recorded in the park at 6am."}[kind]
        attachments = [media(kind, alt) for _ in range(random.choice([1, 1, 2]))]
    visibility = random.choice(["public"] * 8 + ["unlisted", "private"])
    reply_to = None
    if random.random() < 0.1 and statuses:
        parent = random.choice(statuses[-20:])
        reply_to = (parent["id"], parent["account"])
    make_status(random.choice(people), render(text), tags=tags_of(text), mentions=mentions_of(text),
                attachments=attachments, visibility=visibility, reply_to=reply_to)

lists = [
    {"id": "1", "title": "Friends", "replies_policy": "list", "exclusive": False,
     "members": [by_name[n]["id"] for n in ["alice", "bob", "erin", "marco", "quinn"]]},
    {"id": "2", "title": "Rustaceans 🦀", "replies_policy": "followed", "exclusive": False,
     "members": [by_name[n]["id"] for n in ["carol", "rust_lang", "dmitri", "priya", "nadia"]]},
    {"id": "3", "title": "日本語", "replies_policy": "list", "exclusive": False,
     "members": [by_name[n]["id"] for n in ["gen", "hana", "sora"]]},
    {"id": "4", "title": "News & Weather", "replies_policy": "none", "exclusive": True,
     "members": [by_name[n]["id"] for n in ["weatherbot", "newsbot"]]},
]

# Mastodon only puts followed accounts on lists; two are left unfollowed so the demo shows that rule.
following = [a["id"] for a in accounts if a["username"] not in ("demo", "tomas", "uma")]

with open("mastodon.json", "w", encoding="utf-8") as out:
    json.dump({"host": HOST, "me": by_name["demo"]["id"], "following": following, "accounts": accounts,
               "statuses": statuses, "lists": lists}, out, ensure_ascii=False, indent=0)
print(f"{len(statuses)} statuses, {len(accounts)} accounts, {len(lists)} lists; newest {statuses[-1]['created_at']}")
