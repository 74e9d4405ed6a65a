-- Read-path back-fill (see io.treebeard.schemas.cache.CacheScripts#FILL_IF_ABSENT).
-- KEYS[1] value key; ARGV[1] version; ARGV[2] JSON bytes; ARGV[3] TTL ms.
-- Fills only a key that does not exist at all: a value or a delete marker the projector wrote always wins over what a
-- reader loaded from PostgreSQL a moment earlier (a back-fill that lands after a delete must not revive the value).
-- Returns 1 when filled, 0 when the key existed.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'v', ARGV[1], 'd', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
