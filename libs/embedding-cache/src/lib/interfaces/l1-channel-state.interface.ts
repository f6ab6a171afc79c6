/**
 * State of the L1 tier's invalidation channel (`CLIENT TRACKING` on connections of the cache's own):
 * - `off`: no L1 tier (disabled by configuration, or the whole cache is);
 * - `connecting`: not subscribed yet on every server;
 * - `subscribed`: every server reports changes under the prefix, and answers heartbeats;
 * - `down`: the channel to a server was lost (or, on a cluster, a slot has no known master);
 * - `refused`: a server refused `CLIENT TRACKING` or `SUBSCRIBE` (Redis before 6, or an ACL).
 *
 * Except while `subscribed`, the L1 serves no entry older than `l1MaxStaleMs`.
 */
export type L1ChannelState = 'off' | 'connecting' | 'subscribed' | 'down' | 'refused';
