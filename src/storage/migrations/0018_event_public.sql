-- Events a handler has made public (issue 15 item 10): listed by the anonymous Open311
-- requests (/open311/v2/requests.json) in their public view — road-level address, coordinates
-- rounded to about 100 m, no handling notes — beside those submitted through Open311, which are
-- public by their channel. public_at: when it was made public (epoch ms); NULL: not public.
ALTER TABLE events ADD COLUMN public_at BIGINT;
