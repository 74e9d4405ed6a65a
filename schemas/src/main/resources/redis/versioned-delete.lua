-- Version-guarded delete (see io.treebeard.schemas.cache.CacheScripts#VERSIONED_DELETE).
-- KEYS[1] value key; ARGV[1] version of the deletion.
local current = redis.call('HGET', KEYS[1], 'v')
if not current then
  return 0
end
if tonumber(current) > tonumber(ARGV[1]) then
  return -1
end
redis.call('DEL', KEYS[1])
return 1
