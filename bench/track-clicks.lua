-- wrk script for bench/track, set-up phase: distinct visitors click the conversion-tracked
-- link, and every 302's click id (the `dub_id` of its Location) is written to a file, one
-- per line, for the conversion phases to use.
--
--   wrk ... -s track-clicks.lua <url> -- <slot base> <output prefix> <clicks per thread>
--
-- Each thread writes <output prefix>.<thread index> and stops once it has collected
-- <clicks per thread> ids (requests still in flight then are stored too, but not collected).
-- Visitors: a sequential X-Forwarded-For per request, <11 + slot>.<24-bit counter>, with
-- slot = <slot base> + <thread index>, as in redirect.lua (a repeat visitor within the hour
-- would get its earlier click id back instead of a new one).

local USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
  .. "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
local FIRST_OCTET = 11
local MAX_SLOT = 99 - FIRST_OCTET

local threads = {}
local created = 0

function setup(thread)
  thread:set("tid", created)
  created = created + 1
  table.insert(threads, thread)
end

local octet, n, want, out = nil, 0, 0, nil
got, bad = 0, 0 -- globals: done() reads them from each thread (thread:get)

function init(args)
  local slot = (tonumber(args[1] or "0") or 0) + (tid or 0)
  if slot > MAX_SLOT then error("track-clicks.lua: address slot " .. slot .. " out of range") end
  octet = FIRST_OCTET + slot
  out = assert(io.open(args[2] .. "." .. tid, "w"))
  out:setvbuf("full", 65536)
  want = tonumber(args[3] or "1000") or 1000
  wrk.headers["User-Agent"] = USER_AGENT
  wrk.headers["Accept"] = "text/html"
end

function request()
  local a = math.floor(n / 65536)
  local b = math.floor(n / 256) % 256
  local c = n % 256
  n = n + 1
  wrk.headers["X-Forwarded-For"] = octet .. "." .. a .. "." .. b .. "." .. c
  return wrk.format()
end

function response(status, headers, body)
  local location = headers["Location"] or headers["location"] or ""
  local id = location:match("[?&]dub_id=([A-Za-z0-9]+)")
  if status == 302 and id then
    out:write(id, "\n")
    got = got + 1
    if got >= want then
      out:flush()
      wrk.thread:stop()
    end
  else
    bad = bad + 1
  end
end

function done(summary, latency, requests)
  local got_all, bad_all = 0, 0
  for _, t in ipairs(threads) do
    got_all = got_all + (t:get("got") or 0)
    bad_all = bad_all + (t:get("bad") or 0)
  end
  io.write(string.format("track-clicks: collected=%d bad=%d\n", got_all, bad_all))
end
