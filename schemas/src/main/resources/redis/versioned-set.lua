-- Version-guarded write of one cached value (see io.treebeard.schemas.cache.CacheScripts#VERSIONED_SET).
-- KEYS[1] value key; ARGV[1] version; ARGV[2] JSON bytes; ARGV[3] TTL ms.
local current = redis.call('HGET', KEYS[1], 'v')
local incoming = tonumber(ARGV[1])
if current then
  local stored = tonumber(current)
  if stored == incoming then
    redis.call('PEXPIRE', KEYS[1], ARGV[3])
    return 0
  end
  if stored > incoming then
    return -1
  end
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
