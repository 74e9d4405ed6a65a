-- Version-guarded write of many cached values in one call (see io.treebeard.schemas.cache.CacheScripts#VERSIONED_MSET).
-- KEYS[i] value key i; ARGV[1] TTL ms (one TTL for the call); ARGV[2i] version of KEYS[i]; ARGV[2i+1] JSON bytes of KEYS[i].
-- Per key exactly what versioned-set.lua does, in KEYS order (a key given twice sees its first write).
-- Returns one outcome per key, in order: 1 written, 0 equal (TTL refreshed), -1 older (nothing changed).
if #ARGV ~= 2 * #KEYS + 1 then
  return redis.error_reply('ERR versioned-mset expects a TTL then one (version, bytes) pair per key')
end
local ttl = ARGV[1]
local outcomes = {}
for i = 1, #KEYS do
  local key = KEYS[i]
  local version = ARGV[2 * i]
  local outcome = 1
  local current = redis.call('HGET', key, 'v')
  if current then
    local stored = tonumber(current)
    local incoming = tonumber(version)
    if stored == incoming then
      outcome = 0
    elseif stored > incoming then
      outcome = -1
    end
  end
  if outcome == 1 then
    redis.call('HSET', key, 'v', version, 'd', ARGV[2 * i + 1])
    redis.call('PEXPIRE', key, ttl)
  elseif outcome == 0 then
    redis.call('PEXPIRE', key, ttl)
  end
  outcomes[i] = outcome
end
return outcomes
