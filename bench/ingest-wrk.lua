-- wrk script for bench/ingest.sh: every request posts one batch of new
-- alerts (fresh ids) for one of the bench devices, so the load generator
-- costs a string concatenation per batch instead of a Python process per
-- device.
--
--   wrk -s bench/ingest-wrk.lua URL -- TOKENS_FILE BATCH RUN_ID [replay]
--
-- TOKENS_FILE holds one device token a line. The device of a request and
-- the ids of its alerts depend only on (thread, request number): a second
-- run with "replay" sends the first batches of each thread again, to the
-- same devices, so every alert of it is a duplicate.

local tokens, batch, run, replay = {}, 500, "0", false
local thread_no, counter = 0, 0
local pieces

local cats = { "Webガード", "IPS", "アンチウイルス", "アプリケーション制御", "アンチスパム" }

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
  replay = args[4] == "replay"
  thread_no = tonumber(wrk_thread_no) or 0
  math.randomseed(1000 + thread_no)
  -- the fixed part of each alert, chosen once; only the id changes
  local now = os.time()
  pieces = {}
  for k = 1, batch do
    local t = now - math.random(0, 29 * 86400)
    pieces[k] = string.format(
      '","detected_at":"%s","category":"%s","severity":%d,"status":"blocked",' ..
      '"source":"192.168.1.%d","destination":"203.0.113.%d",' ..
      '"url":"http://malware.example/dl/%d",' ..
      '"description":"UTMが有害サイトへのアクセスを検知したため通信をブロックしました。",' ..
      '"action":"送信元の端末の利用者に対して、アクセス先URLへのアクセスの有無を確認してください。"}',
      os.date("!%Y-%m-%dT%H:%M:%SZ", t), cats[math.random(#cats)], math.random(1, 3),
      math.random(2, 250), math.random(1, 254), k)
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
