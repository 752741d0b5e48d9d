-- All limits of one request, decided and charged atomically (GCRA, see Gcra.java).
-- Run after a prelude that sets `offset`, the number of KEYS before the limit keys.
-- KEYS[offset + i]: limit i's key (hash-tagged on the request's subject: one slot).
-- ARGV[2i-1], ARGV[2i]: emission interval and period of limit i, in microseconds.
-- Time comes from the Redis server, so instance clocks do not matter.
-- Returns, per limit: allowed (1/0), remaining, reset (us), retry after (us).
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {}
local allowed = true
local tats = {}
local limits = #KEYS - offset
for i = 1, limits do
  local interval = tonumber(ARGV[2 * i - 1])
  local period = tonumber(ARGV[2 * i])
  local tat = tonumber(redis.call('GET', KEYS[offset + i]) or '0')
  local start = math.max(tat, now)
  local candidate = start + interval
  if candidate - now <= period then
    tats[i] = candidate
    out[4 * i - 3] = 1
    out[4 * i - 2] = math.floor((period - (candidate - now)) / interval)
    out[4 * i - 1] = candidate - now
    out[4 * i] = 0
  else
    allowed = false
    out[4 * i - 3] = 0
    out[4 * i - 2] = 0
    out[4 * i - 1] = start - now
    out[4 * i] = candidate - period - now
  end
end
if allowed then
  for i = 1, limits do
    local ttl = math.ceil((tats[i] - now) / 1000) + 1
    redis.call('SET', KEYS[offset + i], string.format('%.0f', tats[i]), 'PX', ttl)
  end
end
return out
