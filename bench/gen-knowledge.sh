#!/usr/bin/env bash
# Loads the knowledge benchmark data set into a running stack's database:
# 10,000 published articles (GEN_ARTICLES) of about 1,500 characters of
# Japanese and English text in the bench base "bench-kb" (5 categories,
# 20 authors, both languages), with their folded search text (the text is
# generated already folded: lower-case ASCII, full-width kana) and random
# view counts. INSERT … SELECT over MariaDB's sequence engine.
#
#   ./mimamori up --var var/bench --port 18437
#   bench/gen-knowledge.sh --var var/bench          # once; a second run stops
#   bench/gen-knowledge.sh --var var/bench --reset  # remove the bench rows first
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
VAR_DIR=$ROOT/var/bench
RESET=0
N=${GEN_ARTICLES:-10000}
while [ $# -gt 0 ]; do
  case $1 in
  --var) VAR_DIR=$2; shift 2 ;;
  --reset) RESET=1; shift ;;
  -h|--help) sed -n '2,12p' "$0"; exit 0 ;;
  *) echo "gen-knowledge.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
VAR_DIR=$(cd "$VAR_DIR" && pwd -P)
SOCK=$VAR_DIR/run/db/mariadb.sock
[ -S "$SOCK" ] || { echo "no MariaDB socket at $SOCK: start the stack first" >&2; exit 1; }
sql() { mariadb --no-defaults --socket="$SOCK" -uroot --batch --skip-column-names mimamori -e "$1"; }

if [ "$RESET" = 1 ]; then
  sql "DELETE g FROM search_grams g JOIN kb_articles a ON a.id = g.doc_id JOIN kb_bases b ON b.id = a.base_id WHERE g.scope = 2 AND g.tenant_id = 0 AND b.code = 'bench-kb';
       DELETE d FROM kb_dismissals d JOIN kb_articles a ON a.id = d.article_id JOIN kb_bases b ON b.id = a.base_id WHERE b.code = 'bench-kb';
       DELETE s FROM kb_search s JOIN kb_articles a ON a.id = s.article_id JOIN kb_bases b ON b.id = a.base_id WHERE b.code = 'bench-kb';
       DELETE a FROM kb_articles a JOIN kb_bases b ON b.id = a.base_id WHERE b.code = 'bench-kb';
       DELETE c FROM kb_categories c JOIN kb_bases b ON b.id = c.base_id WHERE b.code = 'bench-kb';
       DELETE FROM kb_bases WHERE code = 'bench-kb'"
fi
if [ "$(sql "SELECT COUNT(*) FROM kb_bases WHERE code = 'bench-kb'")" != 0 ]; then
  echo "the bench articles exist (--reset to load them again)" >&2
  exit 1
fi
start=$(date +%s)
sql "
INSERT INTO kb_bases (code, name_ja, name_en, position, created_at, updated_at)
  VALUES ('bench-kb', 'ベンチマーク', 'Benchmark', 99, UTC_TIMESTAMP(), UTC_TIMESTAMP());
SET @base = LAST_INSERT_ID();
INSERT INTO kb_categories (base_id, code, name_ja, name_en, position, created_at, updated_at)
  SELECT @base, CONCAT('bench-c', seq), CONCAT('カテゴリ', seq), CONCAT('Category ', seq), seq,
         UTC_TIMESTAMP(), UTC_TIMESTAMP() FROM seq_1_to_5;
SET @cat = (SELECT MIN(id) FROM kb_categories WHERE base_id = @base);
INSERT INTO kb_articles (article_no, base_id, category_id, lang, title, author_name, body_md,
    body_html, search_title, published, published_at, views, created_at, updated_at)
  SELECT CONCAT('KB9', LPAD(seq, 6, '0')), @base, @cat + seq % 5, IF(seq % 4 = 0, 'en', 'ja'),
         t.title, CONCAT('ベンチ担当', seq % 20), t.body, CONCAT('<p>', t.body, '</p>'),
         t.title, 1,
         UTC_TIMESTAMP() - INTERVAL seq MINUTE, (seq * 7919) % 5000, UTC_TIMESTAMP(), UTC_TIMESTAMP()
  FROM (SELECT seq,
          CONCAT(ELT(1 + seq % 8, 'ファイアウォール', 'ランサムウェア', 'フィッシング', 'vpn 接続',
                     'utm の設定', 'アラート', 'パスワード', 'バックアップ'),
                 'の手引き その', seq) AS title,
          CONCAT(REPEAT('当サービスのセキュリティ監視では、ネットワークの通信を常時確認しています。', 10),
                 ELT(1 + seq % 13, '不審なメールは開かずに報告してください。', 'ログを保存してください。',
                     'firewall の設定を確認します。', '端末をネットワークから切り離します。',
                     '管理者に連絡します。', 'ポイントの残高を確認します。', '作業依頼を出します。',
                     '証跡を保全します。', 'ウイルス対策ソフトを更新します。', '通信の遮断を依頼します。',
                     'アカウントを無効にします。', 'パスワードを変更します。', '復旧手順を確認します。'),
                 ' 管理番号 ', seq, ' ',
                 REPEAT('詳しくはカスタマーポータルのお問い合わせからご連絡ください。', 8)) AS body
        FROM seq_1_to_$N) t;
INSERT INTO kb_search (article_id, text)
  SELECT id, CONCAT(title, '\n', body_md) FROM kb_articles WHERE base_id = @base;
ANALYZE TABLE kb_articles, kb_search;" >/dev/null
echo "$N articles in $(( $(date +%s) - start )) s (base bench-kb)" >&2
# loaded around the program: rebuild the knowledge side index (the
# searches scan until it is done)
sql "INSERT IGNORE INTO search_pending (scope, tenant_id) VALUES (2, 0)"
start=$(date +%s)
"${GEN_ADMIN:-$ROOT/build/release/mimamori-admin}" --config "$VAR_DIR/mimamori.hdf" \
  search-reindex --knowledge >&2
echo "search index built in $(( $(date +%s) - start )) s" >&2
