#!/usr/bin/env python3
"""Demo alerts of one UTM for the last 30 days, as the device would send them.

  tools/demo-alerts.py --device 02:00:5E:10:A1:01 [--days 30] > alerts.json

Everything is derived from the device name and the calendar day (Japan
time): the same day always gives the same alerts with the same ids, so
loading them again through the API adds nothing (duplicates), and a later
run adds only the days and hours that have passed since. Alerts later than
now are left out. Descriptions and recommended actions follow the service's
important-alert mails (脅威検出通知). Python 3 standard library only.
"""
import argparse
import datetime
import hashlib
import json
import random

JST = datetime.timezone(datetime.timedelta(hours=9))

# category, severity weights (low, medium, high), status, description, action, weight
KINDS = [
    ('Webガード', (2, 6, 1), 'blocked',
     'UTMが有害サイトへのアクセスを検知したため通信をブロックしました。本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。',
     '送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認し、有害サイトへのアクセスは行わないよう呼び掛けてください。', 40),
    ('IPS', (5, 3, 1), 'blocked',
     '外部から社内ネットワークへの侵入の試み(脆弱性を狙った攻撃通信)を検知し、通信を遮断しました。',
     '宛先の機器のOSやソフトウェアが最新の状態か確認し、更新が公開されている場合は適用してください。', 25),
    ('アンチウイルス', (1, 3, 3), 'quarantined',
     'ダウンロードされたファイルからウイルスを検知し、通信を遮断してファイルを隔離しました。',
     '送信元の端末でウイルス対策ソフトのフルスキャンを実施し、利用者に不審なファイルを開いていないか確認してください。', 10),
    ('アプリケーション制御', (6, 2, 0), 'blocked',
     '利用が制限されているアプリケーション(ファイル共有ソフト)の通信を検知し、ブロックしました。',
     '利用者に業務上の必要性を確認し、不要であればアプリケーションをアンインストールするよう依頼してください。', 15),
    ('アンチスパム', (5, 2, 0), 'detected',
     '迷惑メール(フィッシングの疑いがあるメール)の受信を検知しました。',
     '受信者に対して、メール本文のURLを開いたり添付ファイルを開いたりしないよう呼び掛けてください。', 8),
    ('アンチボット', (0, 1, 4), 'blocked',
     '社内の端末から、ボットネットの指令サーバーと思われる宛先への通信を検知し、遮断しました。',
     '送信元の端末をネットワークから切り離してウイルス対策ソフトでスキャンし、必要に応じて相談窓口にお問い合わせください。', 2),
]

URLS = {
    'Webガード': ['http://malware-download.example/files/setup.exe', 'http://phishing-bank.example/login',
                 'http://fake-shop.example/sale', 'http://adware-cdn.example/track.js'],
    'アンチウイルス': ['http://free-tools.example/download/tool.zip', 'http://invoice-mail.example/doc.xlsm'],
    'アンチボット': ['http://cc-server.example/gate.php'],
}


def day_alerts(device, day, now):
    seed = hashlib.sha256(f'{device}:{day.isoformat()}'.encode()).digest()
    rnd = random.Random(seed)
    weekday = day.weekday() < 5
    count = rnd.randint(8, 30) if weekday else rnd.randint(2, 8)
    out = []
    for k in range(count):
        kind = rnd.choices(KINDS, weights=[w[-1] for w in KINDS])[0]
        category, sev_weights, status, description, action, _ = kind
        severity = rnd.choices([1, 2, 3], weights=sev_weights)[0]
        # office hours mostly
        hour = rnd.choice(range(8, 20)) if rnd.random() < 0.85 else rnd.randrange(24)
        when = datetime.datetime(day.year, day.month, day.day, hour, rnd.randrange(60),
                                 rnd.randrange(60), tzinfo=JST)
        if when > now:
            continue
        inside = f'192.168.1.{rnd.randint(10, 80)}'
        outside = f'{rnd.choice(["203.0.113", "198.51.100"])}.{rnd.randint(1, 254)}'
        inbound = category == 'IPS'
        url = rnd.choice(URLS[category]) if category in URLS else ''
        out.append({
            'id': f'{day:%Y%m%d}-{k:03d}',
            'detected_at': when.isoformat(),
            'category': category,
            'severity': severity,
            'source': outside if inbound else inside,
            'destination': inside if inbound else outside,
            'url': url,
            'description': description,
            'action': action,
            'status': status,
        })
    return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--device', required=True, help='what makes the alerts differ per device (its MAC)')
    p.add_argument('--days', type=int, default=30, help='days back from today (default 30)')
    a = p.parse_args()
    now = datetime.datetime.now(JST)
    today = now.date()
    alerts = []
    for back in range(a.days - 1, -1, -1):
        alerts.extend(day_alerts(a.device, today - datetime.timedelta(days=back), now))
    print(json.dumps({'alerts': alerts}, ensure_ascii=False))


if __name__ == '__main__':
    main()
