-- wrk script for bench/track: conversions, one new one per request.
--
--   wrk ... -s track-convert.lua <url> -- lead <threads> <click ids file> <out prefix> <id prefix> <api key>
--   wrk ... -s track-convert.lua <url> -- sale <threads> <customers file> <out prefix> <id prefix> <api key>
--
-- lead: POST /track/lead for a new customer "<id prefix>-<thread>-<n>", on the next click id
--       of this thread's share of the file (thread i takes lines i, i + threads, ...; it
--       starts over when they run out, so a click may bring several customers).
--       The externalId of every customer answered 200 is written to <out prefix>.<thread>.
-- sale: POST /track/sale of 4900 (usd, stripe) for the next customer of this thread's share,
--       with a new invoiceId "<id prefix>-<thread>-<n>" (starting over on the customers when
--       they run out: a second sale of a customer is still a new sale).
--
-- Every request is a new conversion, so each 200 must be recorded exactly once. done() prints
--   track-summary: sent=.. ok=.. recorded=.. null=.. bad=..
-- recorded: lead answers with "recorded":true, sale answers whose "sale" is not null;
-- null: 200s that recorded nothing. It writes the ids sent but never answered (in flight when
-- wrk stopped; the server may still have recorded them) to <out prefix>.pending, one a line.

local threads = {}
local created = 0

function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(threads, thread)
end

local mode, ids, prefix, out = nil, {}, nil, nil
-- globals: done() reads them from each thread (thread:get)
n, ok, recorded, nulls, bad, outprefix = 0, 0, 0, 0, 0, nil
pending = {}

local function esc(s) return (s:gsub('[%c"\\]', "")) end

function init(args)
  mode = args[1]
  local nthreads = tonumber(args[2])
  if (mode ~= "lead" and mode ~= "sale") or not nthreads then
    error("track-convert.lua: usage: -- lead|sale <threads> <ids file> <out prefix> <id prefix> <api key>")
  end
  local i = 0
  for line in io.lines(args[3]) do
    if line ~= "" then
      if i % nthreads == tid then ids[#ids + 1] = esc(line) end
      i = i + 1
    end
  end
  if #ids == 0 then error("track-convert.lua: no ids for thread " .. tid .. " in " .. args[3]) end
  outprefix = args[4]
  prefix = args[5] .. "-" .. tid .. "-"
  if mode == "lead" then
    out = assert(io.open(outprefix .. "." .. tid, "w"))
    out:setvbuf("full", 65536)
  end
  wrk.method = "POST"
  wrk.headers["Authorization"] = "Bearer " .. args[6]
  wrk.headers["Content-Type"] = "application/json"
end

function request()
  n = n + 1
  local id = prefix .. n
  local other = ids[(n - 1) % #ids + 1]
  pending[id] = true
  if mode == "lead" then
    return wrk.format("POST", "/track/lead", nil,
      '{"clickId":"' .. other .. '","eventName":"Sign up","customerExternalId":"' .. id
        .. '","customerEmail":"' .. id .. '@example.com"}')
  end
  return wrk.format("POST", "/track/sale", nil,
    '{"customerExternalId":"' .. other .. '","amount":4900,"paymentProcessor":"stripe","invoiceId":"' .. id .. '"}')
end

function response(status, headers, body)
  if status ~= 200 then
    bad = bad + 1
    if bad <= 3 then io.stderr:write("track-convert.lua: HTTP ", status, ": ", body:sub(1, 300), "\n") end
    return
  end
  ok = ok + 1
  if mode == "lead" then
    local id = body:match('"customer":{.-"externalId":"([^"]*)"')
    if id then
      pending[id] = nil
      out:write(id, "\n")
    end
    if body:find('"recorded":true', 1, true) then recorded = recorded + 1 else nulls = nulls + 1 end
  else
    local id = body:match('"invoiceId":"([^"]*)"')
    if id then pending[id] = nil end
    if body:find('"sale":{', 1, true) then recorded = recorded + 1 else nulls = nulls + 1 end
  end
end

function done(summary, latency, requests)
  local t = { sent = 0, ok = 0, recorded = 0, nulls = 0, bad = 0 }
  local left = {}
  local file = nil
  for _, th in ipairs(threads) do
    t.sent = t.sent + (th:get("n") or 0)
    t.ok = t.ok + (th:get("ok") or 0)
    t.recorded = t.recorded + (th:get("recorded") or 0)
    t.nulls = t.nulls + (th:get("nulls") or 0)
    t.bad = t.bad + (th:get("bad") or 0)
    file = file or th:get("outprefix")
    for id, _ in pairs(th:get("pending") or {}) do left[#left + 1] = id end
  end
  if file then
    local f = assert(io.open(file .. ".pending", "w"))
    for _, id in ipairs(left) do f:write(id, "\n") end
    f:close()
  end
  io.write(string.format("track-summary: sent=%d ok=%d recorded=%d null=%d bad=%d pending=%d\n",
    t.sent, t.ok, t.recorded, t.nulls, t.bad, #left))
end
