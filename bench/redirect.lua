-- wrk script for bench/redirect: every request comes from a distinct visitor.
--
-- Referly counts repeat clicks from the same IP + User-Agent on a link within an hour once,
-- so each request carries its own X-Forwarded-For (loopback is a trusted proxy by default).
-- Addresses are sequential, never random (a random collision would be counted once and
-- break the "every answered redirect is stored" check):
--
--   <first octet> . <24-bit per-thread counter>
--
-- The first octet is 11 + slot, where slot = <base> + <thread index>; <base> is passed by
-- bench/redirect after `--` and differs per run (warm-up, measured), so no two threads of
-- any run in one bench invocation share an address. Octets 11..99 are all ordinary public
-- unicast ranges (no 10/8, 100.64/10, 127/8, 169.254/16, 172.16/12, 192.168/16).
-- The traffic itself only ever goes to the loopback server wrk is pointed at: the
-- addresses are header values.
--
-- The same script is used against nginx, so both targets pay the same client-side cost.

local USER_AGENT = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
  .. "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
local FIRST_OCTET = 11
local MAX_SLOT = 99 - FIRST_OCTET -- slots 0..88
local PER_SLOT = 16777216        -- 2^24 addresses per thread and run

local threads_created = 0

function setup(thread)
  thread:set("tid", threads_created)
  threads_created = threads_created + 1
end

local octet, n = nil, 0

function init(args)
  local base = tonumber(args[1] or "0") or 0
  local slot = base + (tid or 0)
  if slot > MAX_SLOT then
    error("redirect.lua: address slot " .. slot .. " out of range (too many threads x runs)")
  end
  octet = FIRST_OCTET + slot
  wrk.headers["User-Agent"] = USER_AGENT
  wrk.headers["Accept"] = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
  wrk.headers["Accept-Language"] = "en-US,en;q=0.9"
end

function request()
  if n >= PER_SLOT then
    error("redirect.lua: more than 2^24 requests in one thread; addresses would repeat")
  end
  local a = math.floor(n / 65536)
  local b = math.floor(n / 256) % 256
  local c = n % 256
  n = n + 1
  wrk.headers["X-Forwarded-For"] = octet .. "." .. a .. "." .. b .. "." .. c
  return wrk.format()
end
