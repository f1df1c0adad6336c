--[[
  Gives a claim back (after a failure, or when draining) so another worker can take the unit
  at once instead of waiting for the lease to expire. Only the owner may release.
  KEYS[1] claim key
  ARGV[1] owner token
  returns 1   released
          -3  lease lost: the claim is not ours (any more), left untouched
]]
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return -3
end
redis.call('DEL', KEYS[1])
return 1
