package fakeapi

import "net/http"

func (s *Server) getBGPAuthKey(c *call) {
	rec, ok := s.lookup(c)
	if !ok {
		return
	}
	value := ""
	if rec.BGP != nil {
		value = rec.BGP.AuthKey
	}
	c.json(http.StatusOK, map[string]map[string]string{"bgp_auth_key": {"value": value}})
}

func (s *Server) listRemoteRoutes(c *call) {
	if rec, ok := s.lookup(c); ok {
		writePage(c, "remote_routes", rec.RemoteRoutes, func(cidr string) wireRemoteRoute {
			return wireRemoteRoute{CIDR: cidr}
		})
	}
}

// serviceKey finds the attachment's key, answering 404 while there is none
// (the attachment has not been ready yet).
func (s *Server) serviceKey(c *call) (*record, bool) {
	rec, ok := s.lookup(c)
	if ok && s.settleKey(rec, c.now) == nil {
		c.fail(http.StatusNotFound, "")
		return nil, false
	}
	return rec, ok
}

func (s *Server) getServiceKey(c *call) {
	if rec, ok := s.serviceKey(c); ok {
		c.json(http.StatusOK, map[string]wireServiceKey{"service_key": toWireKey(*rec.key)})
	}
}

func (s *Server) regenerateServiceKey(c *call) {
	if rec, ok := s.serviceKey(c); ok {
		s.regenerateKey(rec, c.now)
		c.json(http.StatusAccepted, struct{}{})
	}
}
