/* Benchmark data for the case list and keyword search: writes tab-separated
 * files for LOAD DATA (tenants, contracts, users, cases, case_activity,
 * case_search) with Japanese security-desk text. Tenant sizes are skewed
 * (one tenant holds ~40,000 cases, most a few dozen); cases are numbered in
 * time order across tenants as a live system would, so a tenant's rows are
 * spread over the table. The search rows are folded by mm_fold.c itself, in
 * the layout of docs/case-search.md. Run through bench/gen-cases.sh. */
#include "mm_fold.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NCATEGORIES 11
#define NANALYSTS 24
#define YEARS_BACK 3

struct opts {
	const char *out_dir, *taken_file;
	long tenants, cases, largest;
	double comments_per_case;
	long long tenant_id0, contract_id0, user_id0, case_id0, activity_id0;
	long long category_ids[NCATEGORIES];	/* in the order of category_code */
	time_t now;
	uint64_t seed;
};

/* Codes of sql/005_cases.sql, with how often each is chosen. */
static const char *const category_code[NCATEGORIES] = {
	"service", "product", "alert", "failure", "monthly_report", "other",
	"work_request", "monthly_report_delivery", "alarm", "health_check",
	"credit_overrun",
};
static const int category_weight[NCATEGORIES] = {
	15, 12, 25, 8, 5, 10, 12, 8, 3, 1, 1,
};
/* opened by the provider (customer_selectable = 0 besides work requests) */
static const int category_by_provider[NCATEGORIES] = {
	0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 1,
};

static uint64_t rng_state;

static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9E3779B97F4A7C15ull);
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
	z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
	return z ^ (z >> 31);
}

static long below(long n)
{
	return n > 0 ? (long)(rnd() % (uint64_t)n) : 0;
}

static int chance(int per_mille)
{
	return below(1000) < per_mille;
}

#define PICK(a) ((a)[below((long)(sizeof(a) / sizeof((a)[0])))])

/* --- vocabulary ----------------------------------------------------------- */

static const char *const devices[] = {
	"UTM", "ＵＴＭ", "FortiGate 60F", "FortiGate 100F", "Palo Alto PA-440",
	"サービスルーター", "ｻｰﾋﾞｽﾙｰﾀｰ", "ファイアウォール", "VPN装置", "ＶＰＮ装置",
	"プロキシサーバー", "メールサーバー", "ファイルサーバー", "Active Directory",
	"EDRエージェント", "CrowdStrike Falcon", "無線LANアクセスポイント",
	"L3スイッチ", "Webサーバー", "DNSサーバー", "ログ収集サーバー", "NAS",
	"業務用PC", "リモートデスクトップ", "クラウドストレージ",
};
static const char *const topics[] = {
	"不審なメール", "マルウェア感染の疑い", "VPN接続", "ＶＰＮ接続", "通信断",
	"ログの保存期間", "アラート通知", "誤検知", "ポート開放", "遮断設定",
	"ライセンス更新", "ファームウェア更新", "証明書の有効期限", "ランサムウェア",
	"フィッシングサイト", "不正アクセス", "ブルートフォース攻撃",
	"C&Cサーバーへの通信", "DNSの名前解決", "帯域の逼迫", "月次レポートの見方",
	"管理画面へのログイン", "パスワードリセット", "IPアドレスの変更",
	"URLフィルタリング", "アプリケーション制御", "IPSシグネチャ", "サンドボックス",
	"脆弱性スキャン", "標的型攻撃", "情報漏えい", "二要素認証", "ｱﾗｰﾄ通知",
	"添付ファイルの無害化", "迷惑メール判定", "USBメモリの利用制限",
	"テレワーク端末", "利用開始時の正常性確認", "クレジット数", "作業依頼の手順",
};
static const char *const symptoms[] = {
	"通信できない", "再起動を繰り返す", "ログが出力されない", "CPU使用率が高い",
	"管理画面にアクセスできない", "アラートが大量に発生している",
	"遅延が発生している", "ランプが赤く点滅している", "設定が反映されない",
	"メールが届かない", "特定のサイトが表示されない", "接続が頻繁に切れる",
	"ﾛｸﾞｲﾝできない", "証明書エラーが表示される",
};
static const char *const alert_names[] = {
	"IPS検知", "ウイルス検知", "C&C通信検知", "不正ログイン検知",
	"ポートスキャン検知", "大量通信検知", "Botnet検知", "Exploit-Kit検知",
	"SQLインジェクション", "クロスサイトスクリプティング", "ＩＰＳ検知",
	"不審なDNS問い合わせ", "ふるまい検知",
};
static const char *const depts[] = {
	"情報システム部", "総務部", "経理部", "営業部", "開発部", "製造部",
	"本社", "大阪支店", "名古屋営業所", "福岡支店", "物流センター",
};
static const char *const verdicts[] = {
	"正常な通信", "攻撃の可能性が高い通信", "誤検知", "既知の脆弱性を狙った通信",
	"業務アプリケーションの通信",
};
static const char *const requests[] = {
	"該当端末のログ", "設定画面のスクリーンショット", "発生時刻",
	"送信元メールアドレス", "該当メールのヘッダー情報", "端末のホスト名",
	"ご利用中のファームウェアのバージョン", "影響を受けた利用者の人数",
};
static const char *const actions[] = {
	"遮断設定の追加", "シグネチャの更新", "設定変更", "ファームウェア更新",
	"例外ルールの追加", "ポリシーの見直し", "URLの遮断",
};
static const char *const rare_words[] = {
	"Emotet", "EMOTET", "ｴﾓﾃｯﾄ", "Log4Shell", "ゼロデイ脆弱性",
	"サプライチェーン攻撃", "QakBot", "水飲み場型攻撃",
};
static const char *const family_names[] = {
	"佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林",
	"加藤", "吉田", "山田", "佐々木", "山口", "松本", "井上", "木村", "林",
	"斎藤", "清水",
};
static const char *const given_names[] = {
	"太郎", "花子", "一郎", "美咲", "健太", "陽子", "翔", "由美", "大輔",
	"彩", "誠", "直美", "拓也", "恵", "亮",
};
static const char *const company_words[] = {
	"みどり", "東西", "さくら", "日本", "北斗", "大和", "ひかり", "青葉",
	"富士", "中央", "あさひ", "湊", "瀬戸内", "北陸", "なにわ", "丸の内",
};
static const char *const company_kinds[] = {
	"商事", "工業", "電機", "物産", "システムズ", "製作所", "運輸", "建設",
	"食品", "不動産", "化学", "ホールディングス", "製薬", "精機",
};
static const char *const services[] = {
	"マネージドUTM", "マネージドEDR", "セキュリティヘルプデスク",
	"WideAngle マネージドCSPM", "脅威検知サービス",
};

/* --- text ---------------------------------------------------------------- */

static void put_ip(struct mm_buf *b)
{
	mm_buf_printf(b, "%ld.%ld.%ld.%ld", 10 + below(200), below(256),
		      below(256), 1 + below(254));
}

static void put_date(struct mm_buf *b, time_t t)
{
	struct tm tm;
	gmtime_r(&t, &tm);
	mm_buf_printf(b, "%d月%d日", tm.tm_mon + 1, tm.tm_mday);
}

static void subject(struct mm_buf *b, int category, time_t created)
{
	struct tm tm;

	if (strcmp(category_code[category], "monthly_report_delivery") == 0 ||
	    (strcmp(category_code[category], "monthly_report") == 0 &&
	     chance(600))) {
		gmtime_r(&created, &tm);
		mm_buf_printf(b, "%d年%d月分 月次レポート%s", tm.tm_year + 1900,
			      tm.tm_mon + 1,
			      category_code[category][7] == '_' ? "送付" : "について");
		return;
	}
	switch (below(10)) {
	case 0: mm_buf_printf(b, "%sについて", PICK(topics)); break;
	case 1: mm_buf_printf(b, "%sの%sについて", PICK(devices), PICK(topics)); break;
	case 2: mm_buf_printf(b, "%sの件", PICK(topics)); break;
	case 3: mm_buf_printf(b, "【至急】%s", PICK(topics)); break;
	case 4: mm_buf_printf(b, "%sで%s", PICK(devices), PICK(symptoms)); break;
	case 5: mm_buf_printf(b, "%sアラートの内容確認", PICK(alert_names)); break;
	case 6: mm_buf_printf(b, "%sに関するご相談", PICK(topics)); break;
	case 7: mm_buf_printf(b, "%sの設定変更依頼", PICK(devices)); break;
	case 8: mm_buf_printf(b, "お問い合わせ"); break;
	default: mm_buf_printf(b, "Re: %s", PICK(topics)); break;
	}
}

static void description(struct mm_buf *b, time_t created, long tenant_cases)
{
	int n = 2 + (int)below(3);
	unsigned used = 0;

	for (int i = 0; i < n; i++) {
		long pick;
		do
			pick = below(12);
		while (used & 1u << pick);	/* no sentence twice */
		used |= 1u << pick;
		switch (pick) {
		case 0:
			put_date(b, created - below(3) * 86400);
			mm_buf_printf(b, "頃から%sで%s状態です。", PICK(devices),
				      PICK(symptoms));
			break;
		case 1:
			mm_buf_printf(b, "昨日%sに関するメールが届きました。対応方法を教えてください。",
				      PICK(topics));
			break;
		case 2:
			mm_buf_printf(b, "アラートID %ld について、影響範囲と対処方法をご教示ください。",
				      100000 + below(900000));
			break;
		case 3:
			mm_buf_puts(b, "送信元IPアドレス ");
			put_ip(b);
			mm_buf_puts(b, " からの通信を検知しました。");
			break;
		case 4:
			mm_buf_printf(b, "社内の%sから問い合わせがあり、%sの状況を確認したいです。",
				      PICK(depts), PICK(topics));
			break;
		case 5:
			mm_buf_printf(b, "%sのログを添付します。ご確認をお願いいたします。",
				      PICK(devices));
			break;
		case 6:
			mm_buf_puts(b, "至急ご確認いただけますでしょうか。");
			break;
		case 7:
			mm_buf_printf(b, "影響を受けている端末は約%ld台です。", 1 + below(200));
			break;
		case 8:
			mm_buf_printf(b, "前回のケース CS%07ld と同様の事象と思われます。",
				      below(10000000));
			break;
		case 9:
			mm_buf_puts(b, "業務への影響が出ているため、早めの回答をお願いします。");
			break;
		case 10:
			mm_buf_printf(b, "%sの設定手順を知りたいです。", PICK(topics));
			break;
		default:
			mm_buf_printf(b, "%sアラートが%ld件発生しています。",
				      PICK(alert_names), 1 + below(tenant_cases / 10 + 50));
			break;
		}
	}
	if (chance(2))
		mm_buf_printf(b, "%sの可能性はありますか。", PICK(rare_words));
	if (chance(300))
		mm_buf_puts(b, "\nよろしくお願いいたします。");
}

static void analyst_comment(struct mm_buf *b)
{
	switch (below(7)) {
	case 0:
		mm_buf_printf(b, "お問い合わせいただきありがとうございます。%sについて確認いたします。",
			      PICK(topics));
		break;
	case 1:
		mm_buf_puts(b, "ログを確認したところ、");
		put_ip(b);
		mm_buf_printf(b, " からの通信は%sと判断しました。", PICK(verdicts));
		break;
	case 2:
		mm_buf_printf(b, "%sの設定を変更いたしました。ご確認ください。", PICK(devices));
		break;
	case 3:
		mm_buf_printf(b, "恐れ入りますが、%sをご提供いただけますでしょうか。",
			      PICK(requests));
		break;
	case 4:
		mm_buf_printf(b, "本件、%sにて対応が完了しました。問題がなければクローズをお願いいたします。",
			      PICK(actions));
		break;
	case 5:
		mm_buf_printf(b, "%sの可能性が高いため、除外設定をご検討ください。", PICK(verdicts));
		break;
	default:
		mm_buf_printf(b, "%sの%sは最新のものへの更新を推奨いたします。",
			      PICK(devices), chance(500) ? "ファームウェア" : "シグネチャ");
		break;
	}
	if (chance(3))
		mm_buf_printf(b, "なお、%sの痕跡は見つかっておりません。", PICK(rare_words));
}

static void customer_comment(struct mm_buf *b, time_t t)
{
	switch (below(6)) {
	case 0: mm_buf_puts(b, "ご回答ありがとうございます。確認します。"); break;
	case 1: mm_buf_printf(b, "%sを添付しました。", PICK(requests)); break;
	case 2: mm_buf_printf(b, "まだ%s状態が続いています。", PICK(symptoms)); break;
	case 3: mm_buf_printf(b, "承知しました。%sで確認いたします。", PICK(depts)); break;
	case 4: mm_buf_puts(b, "対応いただきありがとうございました。解決しました。"); break;
	default:
		put_date(b, t);
		mm_buf_printf(b, "に再度%sことを確認しました。", PICK(symptoms));
		break;
	}
}

static void internal_note(struct mm_buf *b)
{
	switch (below(4)) {
	case 0:
		mm_buf_printf(b, "顧客の%sはファームウェアが古い。次回更新を提案。", PICK(devices));
		break;
	case 1: mm_buf_puts(b, "エスカレーション済み（二次対応チーム）。"); break;
	case 2:
		mm_buf_puts(b, "内部メモ: ");
		put_ip(b);
		mm_buf_puts(b, " はブラックリスト登録済み。");
		break;
	default: mm_buf_puts(b, "SLA 期限に注意。社内チャットで共有済み。"); break;
	}
}

/* --- output --------------------------------------------------------------- */

struct out {
	FILE *tenants, *contracts, *users, *cases, *activity, *search;
};

/* LOAD DATA's default escapes: backslash, tab and newline. */
static void put_field(FILE *f, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			fputs("\\\\", f);
		else if (*s == '\t')
			fputs("\\t", f);
		else if (*s == '\n')
			fputs("\\n", f);
		else
			fputc(*s, f);
	}
}

static const char *datetime(time_t t, char buf[20])
{
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, 20, "%Y-%m-%d %H:%M:%S", &tm);
	return buf;
}

static FILE *open_out(const char *dir, const char *name)
{
	char path[4096];
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL)
		fprintf(stderr, "gen-cases: %s: %s\n", path, strerror(errno));
	return f;
}

/* --- tenants and their sizes -------------------------------------------- */

struct tenant {
	long long id, contract_id, first_user;
	int nusers;
	long size;
};

/* Zipf-like: the i-th largest holds largest/(i+1) cases on top of an even
 * share, so the first holds about `largest` and the sum is exact. */
static void tenant_sizes(struct tenant *t, const struct opts *o)
{
	long sum = 0, base, rest;

	for (long i = 0; i < o->tenants; i++) {
		t[i].size = o->largest / (i + 1);
		sum += t[i].size;
	}
	if (sum > o->cases) {	/* a small data set: scale the curve down */
		long scaled = 0;
		for (long i = 0; i < o->tenants; i++) {
			t[i].size = (long)((double)t[i].size * (double)o->cases / (double)sum);
			scaled += t[i].size;
		}
		sum = scaled;
	}
	base = (o->cases - sum) / o->tenants;
	rest = o->cases - sum - base * o->tenants;
	for (long i = 0; i < o->tenants; i++)
		t[i].size += base + (i < rest ? 1 : 0);
	/* big tenants are not the first ids: shuffle */
	for (long i = o->tenants - 1; i > 0; i--) {
		long j = below(i + 1), s = t[i].size;
		t[i].size = t[j].size;
		t[j].size = s;
	}
}

static void write_tenants(struct tenant *t, const struct opts *o, struct out *f)
{
	long long uid = o->user_id0;
	char created[20];
	time_t start = o->now - (time_t)YEARS_BACK * 366 * 86400;

	datetime(start - 86400 * 30, created);
	for (long i = 0; i < o->tenants; i++) {
		t[i].id = o->tenant_id0 + i;
		t[i].contract_id = o->contract_id0 + i;
		fprintf(f->tenants, "%lld\tB1%08ld\t", t[i].id, i + 1);
		if (chance(500))
			fprintf(f->tenants, "株式会社%s%s\t%s\n", PICK(company_words),
				PICK(company_kinds), created);
		else
			fprintf(f->tenants, "%s%s株式会社\t%s\n", PICK(company_words),
				PICK(company_kinds), created);
		fprintf(f->contracts, "%lld\t%lld\t\\N\t%s\tスタンダード\t年間契約\t%.10s\t2027-04-01\t%s\n",
			t[i].contract_id, t[i].id, PICK(services), created, created);
		t[i].nusers = 2 + (int)(t[i].size / 4000 < 8 ? t[i].size / 4000 : 8);
		t[i].first_user = uid;
		for (int k = 0; k < t[i].nusers; k++, uid++)
			fprintf(f->users, "%lld\t%lld\tbench-t%05ld-%d@example.com\t"
				"bench-t%05ld-%d@example.com\t%s %s\t%s\t!\tja\t%s\n",
				uid, t[i].id, i + 1, k, i + 1, k, PICK(family_names),
				PICK(given_names), k == 0 ? "customer_admin" : "customer_user",
				created);
	}
	for (int k = 0; k < NANALYSTS; k++, uid++)
		fprintf(f->users, "%lld\t\\N\tbench-analyst-%02d@mimamori.example\t"
			"bench-analyst-%02d@mimamori.example\t%s %s\tanalyst\t!\tja\t%s\n",
			uid, k, k, PICK(family_names), PICK(given_names), created);
}

/* --- cases ------------------------------------------------------------------ */

struct case_slot {
	time_t created;
	int tenant;		/* index into the tenant array */
};

static int by_created(const void *a, const void *b)
{
	const struct case_slot *x = a, *y = b;
	return (x->created > y->created) - (x->created < y->created);
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;
	return (x > y) - (x < y);
}

/* Case numbers already in the database (the demo's), sorted. */
static long *read_taken(const char *path, size_t *n)
{
	FILE *f;
	long *v = NULL;
	size_t cap = 0;
	char line[64];

	*n = 0;
	if (path == NULL)
		return NULL;
	f = fopen(path, "r");
	if (f == NULL)
		return NULL;
	while (fgets(line, sizeof line, f)) {
		if (strncmp(line, "CS", 2) != 0)
			continue;
		if (*n == cap) {
			cap = cap ? cap * 2 : 256;
			long *nv = realloc(v, cap * sizeof *v);
			if (nv == NULL)
				break;
			v = nv;
		}
		v[(*n)++] = strtol(line + 2, NULL, 10);
	}
	fclose(f);
	qsort(v, *n, sizeof *v, cmp_long);
	return v;
}

static int pick_category(void)
{
	int total = 0, r;

	for (int i = 0; i < NCATEGORIES; i++)
		total += category_weight[i];
	r = (int)below(total);
	for (int i = 0; i < NCATEGORIES; i++) {
		if (r < category_weight[i])
			return i;
		r -= category_weight[i];
	}
	return 0;
}

static const char *pick_status(time_t age)
{
	long r = below(100);

	if (age < 14 * 86400)
		return r < 25 ? "new" : r < 60 ? "working" : r < 80 ? "awaiting_customer"
			: r < 95 ? "resolved" : "closed";
	if (age < 90 * 86400)
		return r < 5 ? "new" : r < 20 ? "working" : r < 35 ? "awaiting_customer"
			: r < 50 ? "resolved" : "closed";
	return r < 2 ? "working" : r < 4 ? "awaiting_customer" : r < 7 ? "resolved"
		: "closed";
}

/* How many activity rows (comments and notes) a case gets, by status. */
static int activity_count(const char *status, double per_case)
{
	double scale = per_case / 3.0;
	int lo, hi;

	if (strcmp(status, "new") == 0) {
		lo = 0; hi = 1;
	} else if (strcmp(status, "working") == 0) {
		lo = 1; hi = 3;
	} else if (strcmp(status, "resolved") == 0) {
		lo = 2; hi = 5;
	} else {
		lo = 2; hi = 4;
	}
	return (int)((lo + below(hi - lo + 1)) * scale + 0.5);
}

static int write_cases(const struct tenant *t, const struct opts *o, struct out *f,
		       long long *nactivity)
{
	struct case_slot *slot = malloc((size_t)o->cases * sizeof *slot);
	size_t ntaken;
	long *taken = read_taken(o->taken_file, &ntaken);
	long k = 0, seq = below(10000000);
	long long aid = o->activity_id0;
	time_t span = (time_t)YEARS_BACK * 365 * 86400;
	struct mm_buf subj = { 0 }, desc = { 0 }, body = { 0 }, folded = { 0 };
	/* analysts' ids follow all tenant users */
	long long analyst0 = t[o->tenants - 1].first_user + t[o->tenants - 1].nusers;

	if (slot == NULL)
		return -1;
	for (long i = 0; i < o->tenants; i++)
		for (long j = 0; j < t[i].size; j++, k++) {
			slot[k].tenant = (int)i;
			slot[k].created = o->now - span + below(span);
		}
	qsort(slot, (size_t)k, sizeof *slot, by_created);

	for (long c = 0; c < k; c++) {
		const struct tenant *tn = &t[slot[c].tenant];
		long long id = o->case_id0 + c;
		int cat = pick_category();
		time_t created = slot[c].created, updated, at;
		const char *status = pick_status(o->now - created);
		int nact = activity_count(status, o->comments_per_case);
		long long contact, opener, assignee = 0;
		long long analyst = analyst0 + below(NANALYSTS);
		long case_no;
		char d1[20], d2[20], d3[20];

		/* a permutation of 0..9999999: unique, random-looking numbers */
		do {
			case_no = (long)(((long long)seq++ * 3456789LL + 1234567LL) % 10000000LL);
		} while (taken && bsearch(&case_no, taken, ntaken, sizeof *taken, cmp_long));

		contact = tn->first_user + below(tn->nusers);
		opener = category_by_provider[cat] ? analyst : contact;
		if (strcmp(status, "new") != 0 || chance(200))
			assignee = analyst;

		mm_buf_reset(&subj);
		mm_buf_reset(&desc);
		mm_buf_reset(&folded);
		subject(&subj, cat, created);
		description(&desc, created, tn->size);
		mm_fold_append(&folded, mm_buf_str(&subj));
		mm_buf_add(&folded, "\n", 1);
		mm_fold_append(&folded, mm_buf_str(&desc));

		at = created;
		for (int a = 0; a < nact; a++) {
			int note = assignee && chance(120);
			int from_analyst = note || a % 2 == 0;
			long long author = from_analyst ? analyst : tn->first_user + below(tn->nusers);

			at += 600 + below(3 * 86400);
			if (at > o->now)
				at = o->now - below(600);
			mm_buf_reset(&body);
			if (note)
				internal_note(&body);
			else if (from_analyst)
				analyst_comment(&body);
			else
				customer_comment(&body, at);
			fprintf(f->activity, "%lld\t%lld\t%lld\t%lld\t%s\t", aid++, id, tn->id,
				author, note ? "note" : "comment");
			put_field(f->activity, mm_buf_str(&body));
			fprintf(f->activity, "\t\\N\t\\N\t%s\n", datetime(at, d1));
			if (!note) {
				mm_buf_add(&folded, "\n", 1);
				mm_fold_append(&folded, mm_buf_str(&body));
			}
		}
		*nactivity += nact;
		updated = at + below(86400);
		if (updated > o->now)
			updated = o->now;

		fprintf(f->cases, "%lld\tCS%07ld\t%lld\t%lld\t%lld\t%s\t", id, case_no, tn->id,
			tn->contract_id, o->category_ids[cat], status);
		put_field(f->cases, mm_buf_str(&subj));
		fputc('\t', f->cases);
		put_field(f->cases, mm_buf_str(&desc));
		fprintf(f->cases, "\t%lld\t%lld\t", contact, opener);
		if (assignee)
			fprintf(f->cases, "%lld", assignee);
		else
			fputs("\\N", f->cases);
		fprintf(f->cases, "\t%d\t%s\t%s\t%s\n", 1 + nact, datetime(created, d1),
			datetime(updated, d2),
			strcmp(status, "closed") == 0 ? datetime(updated, d3) : "\\N");

		fprintf(f->search, "%lld\t%lld\t", id, tn->id);
		put_field(f->search, mm_buf_str(&folded));
		fputc('\n', f->search);
	}
	mm_buf_free(&subj);
	mm_buf_free(&desc);
	mm_buf_free(&body);
	mm_buf_free(&folded);
	free(taken);
	free(slot);
	return 0;
}

/* --- main ------------------------------------------------------------------- */

static void usage(void)
{
	fputs("usage: gen-cases --out DIR --categories ID,ID,... (11, in the order\n"
	      "  service,product,alert,failure,monthly_report,other,work_request,\n"
	      "  monthly_report_delivery,alarm,health_check,credit_overrun)\n"
	      "  --first-ids TENANT,CONTRACT,USER,CASE,ACTIVITY [--taken FILE]\n"
	      "  [--tenants 10000] [--cases 1000000] [--comments-per-case 3]\n"
	      "  [--largest 40000] [--seed N] [--now EPOCH]\n", stderr);
}

static int parse_ids(const char *s, long long *v, int n)
{
	char *end;

	for (int i = 0; i < n; i++) {
		v[i] = strtoll(s, &end, 10);
		if (end == s || v[i] <= 0 || (*end != (i + 1 < n ? ',' : '\0')))
			return -1;
		s = end + 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	struct opts o = {
		.tenants = 10000, .cases = 1000000, .largest = 40000,
		.comments_per_case = 3.0, .now = time(NULL), .seed = 20261204,
	};
	long long first[5] = { 0 };
	int have_categories = 0, have_ids = 0;
	struct out f;
	struct tenant *t;
	long long nactivity = 0;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (v == NULL) {
			usage();
			return 2;
		}
		i++;
		if (strcmp(a, "--out") == 0)
			o.out_dir = v;
		else if (strcmp(a, "--taken") == 0)
			o.taken_file = v;
		else if (strcmp(a, "--tenants") == 0)
			o.tenants = atol(v);
		else if (strcmp(a, "--cases") == 0)
			o.cases = atol(v);
		else if (strcmp(a, "--largest") == 0)
			o.largest = atol(v);
		else if (strcmp(a, "--comments-per-case") == 0)
			o.comments_per_case = atof(v);
		else if (strcmp(a, "--seed") == 0)
			o.seed = strtoull(v, NULL, 10);
		else if (strcmp(a, "--now") == 0)
			o.now = (time_t)atoll(v);
		else if (strcmp(a, "--categories") == 0)
			have_categories = parse_ids(v, o.category_ids, NCATEGORIES) == 0;
		else if (strcmp(a, "--first-ids") == 0)
			have_ids = parse_ids(v, first, 5) == 0;
		else {
			usage();
			return 2;
		}
	}
	if (o.out_dir == NULL || !have_categories || !have_ids || o.tenants < 1 ||
	    o.cases < o.tenants || o.cases > 5000000 || o.largest < 1) {
		usage();
		return 2;
	}
	o.tenant_id0 = first[0];
	o.contract_id0 = first[1];
	o.user_id0 = first[2];
	o.case_id0 = first[3];
	o.activity_id0 = first[4];
	rng_state = o.seed;

	f.tenants = open_out(o.out_dir, "tenants.tsv");
	f.contracts = open_out(o.out_dir, "contracts.tsv");
	f.users = open_out(o.out_dir, "users.tsv");
	f.cases = open_out(o.out_dir, "cases.tsv");
	f.activity = open_out(o.out_dir, "case_activity.tsv");
	f.search = open_out(o.out_dir, "case_search.tsv");
	t = calloc((size_t)o.tenants, sizeof *t);
	if (!f.tenants || !f.contracts || !f.users || !f.cases || !f.activity ||
	    !f.search || t == NULL)
		return 1;

	tenant_sizes(t, &o);
	write_tenants(t, &o, &f);
	if (write_cases(t, &o, &f, &nactivity) != 0)
		return 1;

	long big = 0;
	for (long i = 1; i < o.tenants; i++)
		if (t[i].size > t[big].size)
			big = i;
	printf("tenants %ld, cases %ld, activity rows %lld\n", o.tenants, o.cases, nactivity);
	printf("largest tenant B1%08ld (%ld cases), login bench-t%05ld-0@example.com\n",
	       big + 1, t[big].size, big + 1);

	int bad = 0;
	FILE *all[] = { f.tenants, f.contracts, f.users, f.cases, f.activity, f.search };
	for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
		bad |= fclose(all[i]) != 0;
	free(t);
	if (bad) {
		fprintf(stderr, "gen-cases: writing the output failed\n");
		return 1;
	}
	return 0;
}
