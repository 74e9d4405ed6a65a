-- Version-guarded delete (see io.treebeard.schemas.cache.CacheScripts#VERSIONED_DELETE).
-- KEYS[1] value key; ARGV[1] version of the deletion, or '' for a deletion without a version (a Kafka tombstone);
-- ARGV[2] TTL ms of the delete marker.
-- A deletion leaves a marker: the hash keeps only 'v' (the deletion's version, or the stored one when it has none), and
-- 'd' goes. Readers find no 'd' (absent); a late back-fill finds the key and does not fill it; an older replayed set
-- loses to the marker's version.
-- Returns 1 when the marker was written, -1 when a newer value was kept.
local current = redis.call('HGET', KEYS[1], 'v')
local version = ARGV[1]
if version == '' then
  version = current or '0'
elseif current and tonumber(current) > tonumber(version) then
  return -1
end
redis.call('HSET', KEYS[1], 'v', version)
redis.call('HDEL', KEYS[1], 'd')
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
