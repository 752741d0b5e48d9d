-- All limits of one request, decided and charged atomically (GCRA, see Gcra.java).
-- Run after a prelude that sets `offset`, the number of KEYS before the limit keys.
-- KEYS[offset + i]: limit i's key (hash-tagged on the request's subject: one slot).
-- ARGV[3i-2], ARGV[3i-1], ARGV[3i]: emission interval and period of limit i, in microseconds,
-- and how many requests' worth of it to take (1, or more for a lease the caller spends locally:
-- as many as fit, at least one).
-- Time comes from the Redis server, so instance clocks do not matter.
-- Returns, per limit: allowed (1/0), remaining, reset (us), retry after (us), taken.
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local out = {}
local allowed = true
local tats = {}
local limits = #KEYS - offset
for i = 1, limits do
  local interval = tonumber(ARGV[3 * i - 2])
  local period = tonumber(ARGV[3 * i - 1])
  local want = tonumber(ARGV[3 * i])
  local tat = tonumber(redis.call('GET', KEYS[offset + i]) or '0')
  local start = math.max(tat, now)
  local fit = math.floor((period - (start - now)) / interval)
  if fit >= 1 then
    local taken = math.min(want, fit)
    local candidate = start + taken * interval
    tats[i] = candidate
    out[5 * i - 4] = 1
    out[5 * i - 3] = math.floor((period - (candidate - now)) / interval)
    out[5 * i - 2] = candidate - now
    out[5 * i - 1] = 0
    out[5 * i] = taken
  else
    allowed = false
    out[5 * i - 4] = 0
    out[5 * i - 3] = 0
    out[5 * i - 2] = start - now
    out[5 * i - 1] = start + interval - period - now
    out[5 * i] = 0
  end
end
if allowed then
  for i = 1, limits do
    local ttl = math.ceil((tats[i] - now) / 1000) + 1
    redis.call('SET', KEYS[offset + i], string.format('%.0f', tats[i]), 'PX', ttl)
  end
end
return out
