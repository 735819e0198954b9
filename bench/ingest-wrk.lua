-- wrk script for bench/ingest.sh: every request posts one batch of new
-- alerts (fresh ids) for one of the bench devices, so the load generator
-- costs a string concatenation per batch instead of a Python process per
-- device.
--
--   wrk -s bench/ingest-wrk.lua URL -- TOKENS_FILE BATCH RUN_ID SHAPE [replay]
--
-- TOKENS_FILE holds one device token a line. The device of a request and
-- the ids of its alerts depend only on (thread, request number): a second
-- run with "replay" sends the first batches of each thread again, to the
-- same devices, so every alert of it is a duplicate.
--
-- SHAPE is what a batch holds:
--   spread  every alert blocked, with its own URL, detected at any time of
--           the last 29 days (a worst case for the day and top counts:
--           ≈ 440 alert_daily and ≈ 1,450 alert_top rows per batch)
--   recent  what a UTM posts every few minutes: detected in the last 10
--           minutes, kinds, severities, statuses, sources, destinations and
--           URLs drawn as bench/gen-dashboard.sh draws the stored set's

local tokens, batch, run, shape, replay = {}, 500, "0", "spread", false
local thread_no, counter = 0, 0
local pieces

local cats = { "Webガード", "IPS", "アンチウイルス", "アプリケーション制御", "アンチスパム" }

-- the recent shape: bench/gen-dashboard.sh's six kinds, their shares,
-- severities, statuses, values and texts
local kind_names = { "Webガード", "IPS", "アンチウイルス", "アプリケーション制御", "アンチスパム", "アンチボット" }
local kind_descriptions = {
  "UTMが有害サイトへのアクセスを検知したため通信をブロックしました。本サービスにおいて有害サイトとして登録されたサイトにアクセスしています。",
  "外部から社内ネットワークへの侵入の試み(脆弱性を狙った攻撃通信)を検知し、通信を遮断しました。",
  "ダウンロードされたファイルからウイルスを検知し、通信を遮断してファイルを隔離しました。",
  "利用が制限されているアプリケーション(ファイル共有ソフト)の通信を検知し、ブロックしました。",
  "迷惑メール(フィッシングの疑いがあるメール)の受信を検知しました。",
  "社内の端末から、ボットネットの指令サーバーと思われる宛先への通信を検知し、遮断しました。",
}
local kind_actions = {
  "送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認し、有害サイトへのアクセスは行わないよう呼び掛けてください。",
  "宛先の機器のOSやソフトウェアが最新の状態か確認し、更新が公開されている場合は適用してください。",
  "送信元の端末でウイルス対策ソフトのフルスキャンを実施し、利用者に不審なファイルを開いていないか確認してください。",
  "利用者に業務上の必要性を確認し、不要であればアプリケーションをアンインストールするよう依頼してください。",
  "受信者に対して、メール本文のURLを開いたり添付ファイルを開いたりしないよう呼び掛けてください。",
  "送信元の端末をネットワークから切り離してウイルス対策ソフトでスキャンし、必要に応じて相談窓口にお問い合わせください。",
}
local web_urls = { "http://malware-download%d.example/files/setup.exe", "http://phishing-bank%d.example/login",
  "http://fake-shop%d.example/sale", "http://adware-cdn%d.example/track.js",
  "http://exploit-kit%d.example/landing", "http://scam-support%d.example/" }
local av_urls = { "http://free-tools%d.example/download/tool.zip", "http://invoice-mail%d.example/doc.xlsm" }

local function recent_piece(now, subnet)
  local u1, u2, u3, u4 = math.random(), math.random(), math.random(), math.random()
  local kind = u1 < 0.40 and 1 or u1 < 0.65 and 2 or u1 < 0.75 and 3 or u1 < 0.90 and 4 or u1 < 0.98 and 5 or 6
  local severity
  if kind == 1 then severity = u2 < 2/9 and 1 or u2 < 8/9 and 2 or 3
  elseif kind == 2 then severity = u2 < 5/9 and 1 or u2 < 8/9 and 2 or 3
  elseif kind == 3 then severity = u2 < 1/7 and 1 or u2 < 4/7 and 2 or 3
  elseif kind == 4 then severity = u2 < 6/8 and 1 or 2
  elseif kind == 5 then severity = u2 < 5/7 and 1 or 2
  else severity = u2 < 1/5 and 2 or 3 end
  local k = math.floor(24 * u3 * u4)
  local source = string.format("192.168.%d.%d", subnet, 10 + math.floor(24 * u3 * u3))
  local destination
  if kind == 2 then destination = "203.0.113." .. (10 + k)
  elseif kind == 5 then destination = "mail" .. k .. ".spam.example"
  else destination = "198.51.100." .. (10 + k) end
  local url = ""
  if kind == 1 then url = string.format(web_urls[1 + k % 6], k)
  elseif kind == 3 then url = string.format(av_urls[1 + k % 2], k)
  elseif kind == 6 then url = "http://cc-server" .. k .. ".example/gate.php" end
  local status = kind == 3 and "quarantined" or kind == 5 and "detected" or u4 < 0.1 and "detected" or "blocked"
  return string.format(
    '","detected_at":"%s","category":"%s","severity":%d,"status":"%s",' ..
    '"source":"%s","destination":"%s","url":"%s","description":"%s","action":"%s"}',
    os.date("!%Y-%m-%dT%H:%M:%SZ", now - math.random(0, 600)), kind_names[kind], severity, status,
    source, destination, url, kind_descriptions[kind], kind_actions[kind])
end

local threads = {}
function setup(thread)
  thread:set("wrk_thread_no", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then table.insert(tokens, line) end
  end
  batch = tonumber(args[2])
  run = args[3]
  shape = args[4] or "spread"
  replay = args[5] == "replay"
  thread_no = tonumber(wrk_thread_no) or 0
  math.randomseed(1000 + thread_no)
  -- the fixed part of each alert, chosen once; only the id changes
  local now = os.time()
  pieces = {}
  for k = 1, batch do
    if shape == "recent" then
      pieces[k] = recent_piece(now, 1 + thread_no)
      goto next
    end
    local t = now - math.random(0, 29 * 86400)
    pieces[k] = string.format(
      '","detected_at":"%s","category":"%s","severity":%d,"status":"blocked",' ..
      '"source":"192.168.1.%d","destination":"203.0.113.%d",' ..
      '"url":"http://malware.example/dl/%d",' ..
      '"description":"UTMが有害サイトへのアクセスを検知したため通信をブロックしました。",' ..
      '"action":"送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。"}',
      os.date("!%Y-%m-%dT%H:%M:%SZ", t), cats[math.random(#cats)], math.random(1, 3),
      math.random(2, 250), math.random(1, 254), k)
    ::next::
  end
end

function request()
  counter = counter + 1
  local n = counter
  -- wrk runs request() once in thread 0 before the run to check it: the
  -- first batch of thread 0 is never sent, so the replay leaves it out
  if replay then n = (counter - 1) % 10 + 2 end
  local device = (thread_no * 7919 + n) % #tokens + 1
  local prefix = '{"id":"w' .. run .. "-" .. thread_no .. "-" .. n .. "-"
  local parts = {}
  for k = 1, batch do
    parts[k] = prefix .. k .. pieces[k]
  end
  local body = '{"alerts":[' .. table.concat(parts, ",") .. "]}"
  return wrk.format("POST", "/ingest/v1/alerts", {
    ["Authorization"] = "Bearer " .. tokens[device],
    ["Content-Type"] = "application/json",
  }, body)
end
