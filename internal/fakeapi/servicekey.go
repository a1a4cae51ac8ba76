package fakeapi

import "time"

// ServiceKey is the Megaport service key of an attachment.
type ServiceKey struct {
	Value     string
	State     string
	CreatedAt time.Time
}

// settleKey brings rec's service key up to date at now. The key is created
// lazily the first time it is looked at after the attachment became ready,
// stamped with the moment it became ready, so it looks as if it had been
// generated then; a regenerated key replaces the old one once its time comes.
func (s *Server) settleKey(rec *record, now time.Time) *ServiceKey {
	if rec.key == nil {
		if at, ok := rec.sched.firstReached(s.opts.ReadyState, now); ok {
			rec.key = &ServiceKey{Value: newUUID(), State: StateCreated, CreatedAt: at}
		}
	}
	if rec.nextKey != nil && !rec.nextKey.CreatedAt.After(now) {
		rec.key, rec.nextKey = rec.nextKey, nil
	}
	return rec.key
}

// regenerateKey plans a new key. The old key stays visible (state CREATED)
// until the new one is ready, so a client polling for a changed value sees
// exactly one switch. A second request while one is pending changes nothing.
func (s *Server) regenerateKey(rec *record, now time.Time) {
	if rec.nextKey == nil {
		rec.nextKey = &ServiceKey{Value: newUUID(), State: StateCreated, CreatedAt: now.Add(s.serviceKeyDelay())}
	}
}

// serviceKeyDelay resolves Options.ServiceKeyDelay at use, so that it keeps
// following a provisioning delay changed by SetProvisioningDelay.
func (s *Server) serviceKeyDelay() time.Duration {
	switch d := s.opts.ServiceKeyDelay; {
	case d == 0:
		return s.opts.ProvisioningDelay
	case d < 0:
		return 0
	default:
		return d
	}
}
